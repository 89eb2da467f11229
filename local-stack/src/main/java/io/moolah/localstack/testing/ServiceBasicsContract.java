package io.moolah.localstack.testing;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

/**
 * What every service promises operators and clients (ARCHITECTURE.md, API.md "Operations"), checked the same way in
 * each service module: a {@code @QuarkusTest} subclass with the service's real servers as test resources.
 */
public abstract class ServiceBasicsContract {

    /** The service's {@code quarkus.application.name}. */
    protected abstract String serviceName();

    /** Names of the readiness checks the service must run: one per server it uses. */
    protected abstract List<String> readinessChecks();

    @Test
    void readyOnlyWithTheServersItUses() {
        given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(readinessChecks().toArray(String[]::new)));
    }

    @Test
    void live() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void prometheusMetrics() {
        given().get("/api/v1/no-such-resource").then().statusCode(404);
        given().accept("text/plain").get("/q/metrics").then()
                .statusCode(200)
                .contentType(containsString("text/plain"))
                .body(containsString("jvm_memory_used_bytes"))
                // The latency alert's histogram_quantile needs buckets, with one at its 1 s threshold (LatencyHistograms).
                .body(matchesPattern("(?s).*\\nhttp_server_requests_seconds_bucket\\{[^}]*le=\"1\\.0\"[^}]*} .*"));
    }

    @Test
    void openApiDocument() {
        given().accept("application/json").get("/q/openapi").then()
                .statusCode(200)
                .body("info.title", equalTo("Moolah " + serviceName()));
    }

    @Test
    void requestIdIsEchoedWhenSaneAndMadeOtherwise() {
        String given = "req-" + UUID.randomUUID();
        given().header("X-Request-Id", given).get("/q/health/live").then().header("X-Request-Id", equalTo(given));
        given().get("/q/health/live").then().header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
        given().header("X-Request-Id", "bad id\twith spaces").get("/q/health/live").then()
                .header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
    }

    @Test
    void unknownPathIsProblemJsonWithAStableCode() {
        given().get("/api/v1/no-such-resource").then()
                .statusCode(404)
                .contentType("application/problem+json")
                .header("X-Moolah-Service", serviceName())
                .body("code", equalTo("NOT_FOUND"))
                .body("status", equalTo(404))
                .body("type", notNullValue());
    }
}
