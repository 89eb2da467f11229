package io.moolah.account.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A signing-key rotation logs nobody out: the service signs with the new key and publishes the previous one beside it,
 * so a token the previous key signed before the rotation still opens the API until it expires.
 */
@QuarkusTest
@TestProfile(KeyRotationTest.Rotated.class)
class KeyRotationTest {
    static final Path KEYS = Path.of("target", "test-keys");
    static RsaJsonWebKey previous;
    static RsaJsonWebKey current;

    /** Two keys made for this run (never committed): the new one signs, the previous one is still published. */
    public static class Rotated implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            previous = generate();
            current = generate();
            return Map.of("moolah.account.tokens.private-key-location", write("current.pem", current),
                    "moolah.account.tokens.previous-private-key-location", write("previous.pem", previous));
        }
    }

    @Test
    void tokensOfThePreviousKeyStillVerifyAndNewOnesUseTheNewKey() throws Exception {
        var customer = AccountApi.newCustomer();
        String previousKid = previous.calculateBase64urlEncodedThumbprint("SHA-256");
        String currentKid = current.calculateBase64urlEncodedThumbprint("SHA-256");
        given().get("/api/v1/auth/jwks.json").then().statusCode(200)
                .body("keys", hasSize(2)).body("keys.kid", hasItems(previousKid, currentKid));

        String beforeRotation = sign(previous, previousKid, customer.customerId(), customer.walletId());
        given().auth().oauth2(beforeRotation).get("/api/v1/me").then().statusCode(200)
                .body("customerId", equalTo(customer.customerId()));
        String header = new String(Base64.getUrlDecoder().decode(customer.accessToken().split("\\.")[0]));
        assertEquals(true, header.contains("\"kid\":\"" + currentKid + "\""), "new tokens are signed with the new key: " + header);
    }

    private static String sign(RsaJsonWebKey key, String kid, String customerId, String walletId) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer("moolah-account-service");
        claims.setAudience("moolah-api");
        claims.setSubject(customerId);
        claims.setIssuedAtToNow();
        claims.setExpirationTime(NumericDate.fromSeconds(Instant.now().plusSeconds(600).getEpochSecond()));
        claims.setClaim("sid", UUID.randomUUID().toString());
        claims.setStringListClaim("wallets", List.of(walletId));
        claims.setStringListClaim("roles", "customer");
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(kid);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    private static RsaJsonWebKey generate() {
        try {
            return RsaJwkGenerator.generateJwk(2048);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** PKCS#8 PEM, as the Secret holds it. */
    private static String write(String name, RsaJsonWebKey key) {
        try {
            Files.createDirectories(KEYS);
            Path file = KEYS.resolve(name);
            String label = "PRIVATE" + " KEY";
            Files.writeString(file, "-----BEGIN " + label + "-----\n"
                    + Base64.getMimeEncoder().encodeToString(key.getPrivateKey().getEncoded()) + "\n-----END " + label + "-----\n");
            return file.toAbsolutePath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
