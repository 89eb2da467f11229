package io.moolah.platform.security;

import io.moolah.platform.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

import java.util.Set;
import java.util.List;
import java.util.UUID;

/**
 * Verifies an access token (signature, algorithm, expiry, issuer, audience, subject) and turns it into a
 * {@link Caller}. Every failure is a 401 problem: {@code TOKEN_EXPIRED} or {@code TOKEN_INVALID}.
 */
@ApplicationScoped
public class TokenVerifier {

    @Inject
    AuthSettings settings;

    @Inject
    VerificationKeys keys;

    private volatile JwtConsumer consumer;

    /** A token already verified, until it expires. */
    public record Verified(Caller caller, long expiresAtMillis) {
    }

    /**
     * Verified tokens are kept so a client's next requests skip the RSA signature check; bounded, and cleared when full.
     * The key is the {@code Authorization} header as sent ({@code Bearer <token>}, signature included): a request is
     * looked up without cutting its token out of the header (about 1 KB copied per request, on every read path).
     */
    static final int VERIFIED_CACHE_SIZE = 20_000;
    private final java.util.concurrent.ConcurrentHashMap<String, Verified> verified = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The caller of an {@code Authorization} header: remembered, or its bearer token verified (and remembered).
     *
     * @throws ProblemException 401 {@code UNAUTHENTICATED} without a bearer token, {@code TOKEN_INVALID} or
     *                          {@code TOKEN_EXPIRED} when the token does not verify
     */
    public Caller verify(String authorization) {
        Caller known = remembered(authorization);
        if (known != null) {
            return known;
        }
        String token = BearerTokens.of(authorization);
        if (token == null) {
            throw unauthenticated("UNAUTHENTICATED", "A bearer access token is required.");
        }
        return verifyAndRemember(authorization, token);
    }

    /**
     * The caller of an {@code Authorization} header whose token was verified before and has not expired, or null: never
     * verifies, never fetches keys, so an event-loop thread may ask (the gateway does, and verifies on a worker only
     * when this is null).
     */
    public Caller remembered(String authorization) {
        Verified known = rememberedUntil(authorization);
        return known == null ? null : known.caller();
    }

    /** As {@link #remembered}, with the time the token expires (a caller may keep it that long, not longer). */
    public Verified rememberedUntil(String authorization) {
        Verified known = authorization == null ? null : verified.get(authorization);
        if (known == null) {
            return null;
        }
        if (System.currentTimeMillis() < known.expiresAtMillis()) {
            return known;
        }
        verified.remove(authorization, known);
        return null;
    }

    private Caller verifyAndRemember(String authorization, String token) {
        try {
            JwtClaims claims = consumer().processToClaims(token);
            UUID customerId = UUID.fromString(claims.getSubject());
            List<UUID> wallets = claims.hasClaim("wallets")
                    ? claims.getStringListClaimValue("wallets").stream().map(UUID::fromString).toList()
                    : List.of();
            List<String> roles = claims.hasClaim("roles") ? claims.getStringListClaimValue("roles") : List.of();
            String session = claims.getClaimValueAsString("sid");
            Caller caller = new Caller(customerId, List.copyOf(wallets), Set.copyOf(roles), session);
            if (verified.size() >= VERIFIED_CACHE_SIZE) {
                verified.clear();
            }
            // Kept until the token's own expiry, without the clock-skew allowance: never longer than a fresh check allows.
            verified.put(authorization, new Verified(caller, claims.getExpirationTime().getValueInMillis()));
            return caller;
        } catch (InvalidJwtException e) {
            if (e.hasErrorCode(ErrorCodes.EXPIRED)) {
                throw unauthenticated("TOKEN_EXPIRED", "The access token has expired; refresh it.");
            }
            throw unauthenticated("TOKEN_INVALID", "The access token is not valid.");
        } catch (MalformedClaimException | IllegalArgumentException e) {
            throw unauthenticated("TOKEN_INVALID", "The access token is not valid.");
        }
    }

    public static ProblemException unauthenticated(String code, String detail) {
        return new ProblemException(401, code, "Unauthenticated", detail);
    }

    private JwtConsumer consumer() {
        if (consumer == null) {
            synchronized (this) {
                if (consumer == null) {
                    consumer = new JwtConsumerBuilder()
                            .setRequireExpirationTime()
                            .setRequireIssuedAt()
                            .setRequireSubject()
                            .setAllowedClockSkewInSeconds((int) settings.clockSkew().toSeconds())
                            .setExpectedIssuer(settings.issuer())
                            .setExpectedAudience(settings.audience())
                            .setVerificationKeyResolver(keys.resolver())
                            .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                                    AlgorithmIdentifiers.RSA_USING_SHA256)
                            .build();
                }
            }
        }
        return consumer;
    }
}
