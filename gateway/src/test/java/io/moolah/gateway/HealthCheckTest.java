package io.moolah.gateway;

import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import io.moolah.gateway.server.PublicServer;
import io.moolah.localstack.Await;
import io.moolah.localstack.testing.RedisResource;
import io.moolah.localstack.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.UUID;

import static io.moolah.gateway.GatewayRequests.as;

/** Active checks: an instance whose readiness cannot be read gets no traffic, even for requests that are not retried. */
@QuarkusTest
@WithTestResource(value = GatewayTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RedisResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TestTokens.class, scope = TestResourceScope.GLOBAL)
class HealthCheckTest {

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

    @Test
    void aDeadInstanceIsMarkedUnavailableAndSkipped() {
        Await.until("the checks to mark the dead transaction instance unavailable", Duration.ofSeconds(10), () ->
                GatewayRequests.metric(management, "moolah_gateway_upstream_available{instance=\"http://127.0.0.1:9\",upstream=\"transaction\"}") == 0.0);
        String token = TestTokens.customer(UUID.randomUUID(), UUID.randomUUID());
        // No Idempotency-Key: these are never retried, so each must have gone to the live instance first time.
        for (int i = 0; i < 20; i++) {
            as(gateway, token).contentType("application/json").body("{\"amount\":1}").post("/api/v1/holds").then()
                    .statusCode(201);
        }
    }
}
