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
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.Map;
import java.util.UUID;

import static io.moolah.gateway.GatewayRequests.anonymous;
import static io.moolah.gateway.GatewayRequests.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * With the gateway's defaults, no answer names the service behind it, and none may be cached unless its writer says
 * so: tokens, profiles and balances carry {@code Cache-Control: no-store}.
 */
@QuarkusTest
@TestProfile(PublicHeadersTest.Defaults.class)
@WithTestResource(value = GatewayTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RedisResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TestTokens.class, scope = TestResourceScope.GLOBAL)
class PublicHeadersTest {

    public static class Defaults implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("moolah.gateway.expose-served-by", "false");
        }
    }

    @Inject
    PublicServer publicServer;

    /** The public port's URL (the gateway's own server, not Quarkus's, so not a {@code @TestHTTPResource}). */
    URL gateway;

    @BeforeEach
    void findThePublicPort() {
        gateway = publicServer.url();
    }

    @Test
    void answersNameNoServiceAndAreNotCached() {
        String token = TestTokens.customer(UUID.randomUUID(), UUID.randomUUID());
        // Forwarded (the stub upstream names itself): the name is dropped, no-store added.
        as(gateway, token).get("/api/v1/me").then().statusCode(201)
                .header("X-Moolah-Service", nullValue()).header("Cache-Control", equalTo("no-store"));
        anonymous(gateway).contentType("application/json").body("{\"phoneNumber\":\"+27820000000\",\"pin\":\"12345\"}")
                .post("/api/v1/auth/login").then().statusCode(201)
                .header("X-Moolah-Service", nullValue()).header("Cache-Control", equalTo("no-store"));
        // Answered by the gateway itself.
        anonymous(gateway).get("/api/v1/me").then().statusCode(401)
                .header("X-Moolah-Service", nullValue()).header("Cache-Control", equalTo("no-store"));
    }
}
