package io.moolah.gateway;

import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import io.moolah.gateway.server.PublicServer;
import io.moolah.localstack.testing.RedisResource;
import io.moolah.localstack.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static io.moolah.gateway.GatewayRequests.anonymous;
import static io.moolah.gateway.GatewayRequests.as;
import static org.hamcrest.Matchers.equalTo;

/** Tokens are checked at the door: signature, expiry, issuer, audience, and the operator role on /admin. */
@QuarkusTest
@WithTestResource(value = GatewayTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RedisResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TestTokens.class, scope = TestResourceScope.GLOBAL)
class AuthenticationTest {

    @Inject
    PublicServer publicServer;

    /** The public port's URL (the gateway's own server, not Quarkus's, so not a {@code @TestHTTPResource}). */
    URL gateway;

    @BeforeEach
    void findThePublicPort() {
        gateway = publicServer.url();
    }

    private static String customerToken() {
        return TestTokens.customer(UUID.randomUUID(), UUID.randomUUID());
    }

    @Test
    void aValidTokenIsForwardedWithTheRequest() {
        String token = customerToken();
        as(gateway, token).get("/api/v1/me").then().statusCode(201)
                .body("headers.authorization", equalTo("Bearer " + token));
    }

    @Test
    void aMissingTokenIs401FromTheGateway() {
        anonymous(gateway).get("/api/v1/me").then().statusCode(401)
                .header("X-Moolah-Service", "gateway")
                .contentType("application/problem+json")
                .body("code", equalTo("UNAUTHENTICATED"));
        anonymous(gateway).header("Authorization", "Basic dXNlcjpwYXNz").get("/api/v1/me").then().statusCode(401)
                .body("code", equalTo("UNAUTHENTICATED"));
        anonymous(gateway).header("Authorization", "Bearer ").get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void aMalformedTokenIs401() {
        for (String token : new String[]{"garbage", "a.b.c", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."}) {
            as(gateway, token).get("/api/v1/me").then().statusCode(401).body("code", equalTo("TOKEN_INVALID"));
        }
    }

    @Test
    void aTamperedTokenIs401() {
        String[] parts = customerToken().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"customer\"", "\"operator\"");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        as(gateway, tampered).post("/api/v1/admin/adjustments").then().statusCode(401).body("code", equalTo("TOKEN_INVALID"));
        // A flipped signature character is as bad.
        String token = customerToken();
        char last = token.charAt(token.length() - 2);
        String flipped = token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);
        as(gateway, flipped).get("/api/v1/me").then().statusCode(401).body("code", equalTo("TOKEN_INVALID"));
    }

    @Test
    void anExpiredTokenIs401Expired() {
        String expired = TestTokens.mint(UUID.randomUUID(), List.of(), "customer", claims -> {
            claims.setIssuedAt(NumericDate.fromSeconds(System.currentTimeMillis() / 1000 - 3600));
            claims.setExpirationTime(NumericDate.fromSeconds(System.currentTimeMillis() / 1000 - 600));
        });
        as(gateway, expired).get("/api/v1/me").then().statusCode(401).body("code", equalTo("TOKEN_EXPIRED"));
    }

    @Test
    void aTokenForAnotherAudienceOrIssuerIs401() {
        String otherAudience = TestTokens.mint(UUID.randomUUID(), List.of(), "customer", claims -> claims.setAudience("another-api"));
        as(gateway, otherAudience).get("/api/v1/me").then().statusCode(401).body("code", equalTo("TOKEN_INVALID"));
        String otherIssuer = TestTokens.mint(UUID.randomUUID(), List.of(), "customer", claims -> claims.setIssuer("someone-else"));
        as(gateway, otherIssuer).get("/api/v1/me").then().statusCode(401).body("code", equalTo("TOKEN_INVALID"));
    }

    @Test
    void aCustomerOnAdminIs403AndAnOperatorPasses() {
        as(gateway, customerToken()).contentType("application/json").body("{}").post("/api/v1/admin/adjustments").then()
                .statusCode(403).header("X-Moolah-Service", "gateway").body("code", equalTo("FORBIDDEN"));
        as(gateway, customerToken()).contentType("application/json").body("{}").post("/api/v1/admin/wallets/w-1/freeze").then()
                .statusCode(403);
        as(gateway, TestTokens.operator()).contentType("application/json").body("{}").post("/api/v1/admin/wallets/w-1/freeze").then()
                .statusCode(201).header("X-Moolah-Service", "stub");
    }

    @Test
    void loginRegistrationAndKeysArePublic() {
        anonymous(gateway).contentType("application/json").body("{\"phoneNumber\":\"0821234567\",\"pin\":\"12345\"}")
                .post("/api/v1/auth/login").then().statusCode(201).header("X-Moolah-Service", "stub");
        anonymous(gateway).get("/api/v1/auth/jwks.json").then().statusCode(201);
        // Logging out is not: it needs the session's token.
        anonymous(gateway).post("/api/v1/auth/logout").then().statusCode(401);
    }

    @Test
    void aTokenSignedWithARotatedKeyIsAccepted() {
        String before = customerToken();
        as(gateway, before).get("/api/v1/me").then().statusCode(201);
        TestTokens.rotate();
        // The new key's id is unknown to the gateway until it fetches the published keys again. The verifier refetches
        // on an unknown key id, but not within 300 ms of its last fetch (so forged key ids cannot make it hammer the
        // account-service): a token signed with the new key is accepted within a short, bounded while.
        String after = customerToken();
        io.moolah.localstack.Await.until("the rotated key to be accepted", java.time.Duration.ofSeconds(5),
                () -> as(gateway, after).get("/api/v1/me").then().extract().statusCode() == 201);
        as(gateway, before).get("/api/v1/me").then().statusCode(201);
    }
}
