package io.moolah.payment.provider;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ProviderTokenTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final AtomicInteger logins = new AtomicInteger();
    private final ProviderToken token = new ProviderToken(
            () -> new ProviderToken.Grant("t" + logins.incrementAndGet(), Duration.ofMinutes(14)), now::get);

    @Test
    void oneLoginServesEveryCallUntilTheTokenIsDue() {
        assertEquals("t1", token.current(false));
        now.addAndGet(Duration.ofMinutes(13).toMillis());
        assertEquals("t1", token.current(false));
        now.addAndGet(Duration.ofMinutes(1).toMillis());
        assertEquals("t2", token.current(false), "due at 14 minutes: fetched again");
        assertEquals(2, logins.get());
    }

    @Test
    void aCallAnswered401IsMadeOnceMoreWithAFreshToken() {
        List<String> used = new ArrayList<>();
        int answer = token.call(current -> {
            used.add(current);
            return current.equals("t1") ? 401 : 200;
        }, status -> status == 401);
        assertEquals(200, answer);
        assertEquals(List.of("t1", "t2"), used);
        // The fresh token is kept for the next calls.
        assertEquals(200, (int) token.call(current -> current.equals("t2") ? 200 : 500, status -> status == 401));
        assertEquals(2, logins.get());
    }

    @Test
    void aSecond401IsReturnedNotRetriedForEver() {
        AtomicInteger calls = new AtomicInteger();
        int answer = token.call(current -> {
            calls.incrementAndGet();
            return 401;
        }, status -> status == 401);
        assertEquals(401, answer);
        assertEquals(2, calls.get());
    }

    @Test
    void aFailedLoginIsTheCallersFailureAndTheNextCallTriesAgain() {
        AtomicInteger attempts = new AtomicInteger();
        ProviderToken flaky = new ProviderToken(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("provider down");
            }
            return new ProviderToken.Grant("ok", Duration.ofMinutes(1));
        }, now::get);
        assertThrows(IllegalStateException.class, () -> flaky.current(false));
        assertEquals("ok", flaky.current(false));
    }
}
