package io.moolah.account.security;

import io.moolah.account.config.AccountSettings;
import io.moolah.platform.security.AuthSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/** Signs access tokens (RS256 JWTs) and makes refresh tokens (random, stored only as a SHA-256 hash). */
@ApplicationScoped
public class TokenIssuer {
    private final SecureRandom random = new SecureRandom();

    @Inject
    SigningKeys keys;

    @Inject
    AuthSettings auth;

    @Inject
    AccountSettings settings;

    public String accessToken(UUID customerId, List<UUID> walletIds, String role, UUID sessionId, Instant now) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(auth.issuer());
        claims.setAudience(auth.audience());
        claims.setSubject(customerId.toString());
        claims.setIssuedAt(NumericDate.fromMilliseconds(now.toEpochMilli()));
        claims.setExpirationTime(NumericDate.fromMilliseconds(now.plus(settings.tokens().accessTokenTtl()).toEpochMilli()));
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setClaim("sid", sessionId.toString());
        claims.setStringListClaim("wallets", walletIds.stream().map(UUID::toString).toList());
        claims.setStringListClaim("roles", role);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(keys.signingKey().getPrivateKey());
        jws.setKeyIdHeaderValue(keys.signingKey().getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign an access token", e);
        }
    }

    public long accessTokenSeconds() {
        return settings.tokens().accessTokenTtl().toSeconds();
    }

    /** A new refresh token: what the client gets. Only {@link #fingerprint} of it is stored. */
    public String newRefreshToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return "rt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String fingerprint(String refreshToken) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(refreshToken.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
