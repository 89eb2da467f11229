package io.moolah.gateway;

import io.moolah.gateway.server.PublicServer;
import io.moolah.localstack.Await;
import io.moolah.localstack.testing.RedisResource;
import io.moolah.localstack.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.moolah.gateway.GatewayRequests.anonymous;
import static io.moolah.gateway.GatewayRequests.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console's live panel: the gateway answers it itself, to operators only, from the traffic it has just carried. */
@QuarkusTest
@WithTestResource(value = GatewayTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RedisResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TestTokens.class, scope = TestResourceScope.GLOBAL)
class LiveTrafficTest {

    @Inject
    PublicServer publicServer;

    URL gateway;

    @BeforeEach
    void findThePublicPort() {
        gateway = publicServer.url();
    }

    private JsonPath figures(String query) {
        return as(gateway, TestTokens.operator()).get("/api/v1/admin/metrics" + query).then().statusCode(200)
                .contentType("application/json").header("Cache-Control", "no-store").header("X-Moolah-Service", "gateway")
                .extract().jsonPath();
    }

    private static long requestsOf(JsonPath figures, String service) {
        return figures.getLong("services.find { it.service == '" + service + "' }.requests");
    }

    @Test
    void operatorsSeeEachServicesRequestsErrorsAndLatency() {
        long before = requestsOf(figures("?seconds=60"), "account-service");
        String customer = TestTokens.customer(UUID.randomUUID(), UUID.randomUUID());
        for (int i = 0; i < 25; i++) {
            as(gateway, customer).get("/api/v1/me").then().statusCode(201);
        }
        anonymous(gateway).get("/api/v1/nothing-here").then().statusCode(404);
        // The current second is reported once it is whole.
        Await.until("the requests to show in the last minute's figures", Duration.ofSeconds(5),
                () -> requestsOf(figures("?seconds=60"), "account-service") >= before + 25);

        JsonPath figures = figures("?seconds=60");
        assertEquals(60, figures.getInt("seconds"));
        assertEquals(List.of("account-service", "transaction-service", "payment-gateway-service", "cache-service", "gateway"),
                figures.getList("services.service"));
        assertTrue(figures.getDouble("services.find { it.service == 'account-service' }.p99Ms") > 0);
        assertEquals(60, figures.getList("services.find { it.service == 'account-service' }.seconds").size());
        assertTrue(figures.getLong("services.find { it.service == 'gateway' }.clientErrors") >= 1, "the 404 is the gateway's own");
        assertTrue(figures("").getInt("seconds") == 60);
    }

    @Test
    void customersAndStrangersAreRefused() {
        as(gateway, TestTokens.customer(UUID.randomUUID(), UUID.randomUUID())).get("/api/v1/admin/metrics").then().statusCode(403)
                .body("code", equalTo("FORBIDDEN"));
        anonymous(gateway).get("/api/v1/admin/metrics").then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
        as(gateway, TestTokens.operator()).contentType("application/json").body("{}").post("/api/v1/admin/metrics").then()
                .statusCode(404);
    }

    @Test
    void aWindowOutsideOneToSixtySecondsIsRefused() {
        for (String query : List.of("?seconds=0", "?seconds=61", "?seconds=abc", "?seconds=", "?seconds=1&seconds=2")) {
            as(gateway, TestTokens.operator()).get("/api/v1/admin/metrics" + query).then().statusCode(400)
                    .contentType("application/problem+json").body("code", equalTo("VALIDATION_FAILED"));
        }
        assertEquals(5, figures("?seconds=5").getList("services.find { it.service == 'cache-service' }.seconds").size());
    }
}
