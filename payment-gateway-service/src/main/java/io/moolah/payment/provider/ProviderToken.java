package io.moolah.payment.provider;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * A provider's access token, shared by Peach's and Zapper's clients: fetched on first use, kept until its holder says
 * it expires, and fetched again at once when the provider answers a call with 401 (revoked, rotated or expired early),
 * the call then made once more. One login at a time: callers waiting for a token share the one fetched.
 */
public final class ProviderToken {
    /** A token and how long it may be used (already shortened by the caller's safety margin). */
    public record Grant(String token, Duration usableFor) {
    }

    /** Logs in at the provider; throws the client's own "provider unavailable" exception when it cannot. */
    public interface Login {
        Grant login();
    }

    private final Login login;
    private final LongSupplier clockMillis;
    private String token;
    private long expiresAtMillis;

    public ProviderToken(Login login) {
        this(login, System::currentTimeMillis);
    }

    ProviderToken(Login login, LongSupplier clockMillis) {
        this.login = login;
        this.clockMillis = clockMillis;
    }

    /** The token to use now: the kept one while it lasts, else a new one; a new one always when {@code fresh}. */
    public synchronized String current(boolean fresh) {
        if (!fresh && token != null && clockMillis.getAsLong() < expiresAtMillis) {
            return token;
        }
        Grant grant = login.login();
        token = grant.token();
        expiresAtMillis = clockMillis.getAsLong() + Math.max(0, grant.usableFor().toMillis());
        return token;
    }

    /**
     * Makes {@code call} with the current token; if its answer is {@code unauthorised}, once more with a fresh token
     * (the second answer is returned as it is: a provider refusing a token it just issued is the caller's to report).
     */
    public <A> A call(Function<String, A> call, Predicate<A> unauthorised) {
        A answer = call.apply(current(false));
        return unauthorised.test(answer) ? call.apply(current(true)) : answer;
    }
}
