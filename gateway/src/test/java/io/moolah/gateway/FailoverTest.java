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

import static io.moolah.gateway.GatewayRequests.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Passive failure handling, with active checks off so only requests find the dead instances: the transaction upstream
 * is a dead instance listed before a live one, the cache upstream only a dead one.
 */
@QuarkusTest
@TestProfile(FailoverTest.PassiveOnly.class)
@WithTestResource(value = GatewayTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RedisResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TestTokens.class, scope = TestResourceScope.GLOBAL)
class FailoverTest {

    public static class PassiveOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("moolah.gateway.health-checks.enabled", "false",
                    "moolah.gateway.ejection.duration", "300ms",
                    "moolah.gateway.circuit-breaker.open-for", "1s");
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

    @TestHTTPResource(value = "/", management = true)
    URL management;

    private final String token = TestTokens.customer(UUID.randomUUID(), UUID.randomUUID());

    /**
     * A 503 with Retry-After is the service refusing on purpose (its provider or database is down), not the service
     * failing: passed through, and it neither opens the circuit nor keeps the service's other paths from being served.
     * The fault suite found a Peach outage blocking every payment path (QR payments too) for a minute.
     */
    @Test
    void aServicesOwnRetryLaterNeitherOpensTheCircuitNorHidesItsOtherPaths() {
        for (int i = 0; i < 15; i++) {
            // A customer each, under the per-customer write limit; fifteen refusals are past the circuit's minimum of ten.
            as(gateway, TestTokens.customer(UUID.randomUUID(), UUID.randomUUID())).header("Idempotency-Key", "qr-" + i).contentType("application/json").body("{\"amount\":1}")
                    .post("/api/v1/qr-payments").then().statusCode(503).header("Retry-After", "1")
                    .body("code", equalTo("PROVIDER_UNAVAILABLE"));
        }
        as(gateway, token).get("/api/v1/payments/p-1").then().statusCode(201).header("X-Moolah-Service", "stub");
    }

    @Test
    void safeAndKeyedRequestsAreRetriedOnTheLiveInstance() throws Exception {
        for (int i = 0; i < 10; i++) {
            as(gateway, token).header("Idempotency-Key", "failover-" + i).contentType("application/json").body("{\"amount\":1}")
                    .post("/api/v1/transfers").then().statusCode(201).header("X-Moolah-Service", "stub");
            as(gateway, token).get("/api/v1/transfers/t-" + i).then().statusCode(201).header("X-Moolah-Service", "stub");
            Thread.sleep(40);
        }
        assertTrue(GatewayRequests.metric(management, "moolah_gateway_upstream_retries_total{kind=\"retry\",upstream=\"transaction\"}") >= 1,
                "the dead instance was tried, then the request went to the live one");
        assertTrue(GatewayRequests.metric(management, "moolah_gateway_upstream_failures_total{kind=\"unreachable\",upstream=\"transaction\"}") >= 1);
    }

    @Test
    void anUpstreamThatKeepsFailingOpensItsBreakerAndAnswersFast() throws Exception {
        String lastCode = null;
        for (int i = 0; i < 15 && !"UPSTREAM_CIRCUIT_OPEN".equals(lastCode); i++) {
            lastCode = as(gateway, token).get("/api/v1/wallets/w-" + i + "/balance").then().statusCode(503)
                    .contentType("application/problem+json").extract().path("code");
        }
        assertEquals("UPSTREAM_CIRCUIT_OPEN", lastCode, "after enough failures the breaker opens");
        as(gateway, token).get("/api/v1/wallets/w-x/balance").then().statusCode(503)
                .header("Retry-After", notNullValue())
                .body("code", equalTo("UPSTREAM_CIRCUIT_OPEN"));
        assertEquals(2.0, GatewayRequests.metric(management, "moolah_gateway_upstream_circuit{upstream=\"cache\"}"), "open");
        // Other upstreams are not affected.
        as(gateway, token).get("/api/v1/me").then().statusCode(201);
        // After open-for, one trial goes through; it fails again, so the breaker opens again.
        Thread.sleep(1200);
        as(gateway, token).get("/api/v1/wallets/w-y/balance").then().statusCode(503).body("code", equalTo("UPSTREAM_UNAVAILABLE"));
        as(gateway, token).get("/api/v1/wallets/w-z/balance").then().statusCode(503).body("code", equalTo("UPSTREAM_CIRCUIT_OPEN"));
    }
}
