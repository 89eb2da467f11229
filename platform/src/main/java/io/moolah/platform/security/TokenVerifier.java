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

    /** A token already verified, until it expires: the key is the whole token, signature included. */
    public record Verified(Caller caller, long expiresAtMillis) {
    }

    /** Verified tokens are kept so a client's next requests skip the RSA signature check; bounded, and cleared when full. */
    static final int VERIFIED_CACHE_SIZE = 20_000;
    private final java.util.concurrent.ConcurrentHashMap<String, Verified> verified = new java.util.concurrent.ConcurrentHashMap<>();

    public Caller verify(String token) {
        Caller known = remembered(token);
        return known != null ? known : verifyAndRemember(token);
    }

    /**
     * The caller of a token verified before and not yet expired, or null: never verifies, never fetches keys, so an
     * event-loop thread may ask (the gateway does, and verifies on a worker only when this is null).
     */
    public Caller remembered(String token) {
        Verified known = rememberedUntil(token);
        return known == null ? null : known.caller();
    }

    /** As {@link #remembered}, with the time the token expires (a caller may keep it that long, not longer). */
    public Verified rememberedUntil(String token) {
        Verified known = token == null ? null : verified.get(token);
        if (known == null) {
            return null;
        }
        if (System.currentTimeMillis() < known.expiresAtMillis()) {
            return known;
        }
        verified.remove(token, known);
        return null;
    }

    private Caller verifyAndRemember(String token) {
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
            verified.put(token, new Verified(caller, claims.getExpirationTime().getValueInMillis()));
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
