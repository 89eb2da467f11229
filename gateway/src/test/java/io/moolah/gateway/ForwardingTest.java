package io.moolah.gateway;

import io.moolah.localstack.testing.RedisResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.net.URL;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;

@QuarkusTest
@WithTestResource(value = GatewayTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RedisResource.class, scope = TestResourceScope.GLOBAL)
class ForwardingTest {

    @TestHTTPResource(value = "/", tls = true)
    URL gateway;

    @TestHTTPResource(value = "/", management = true)
    URL management;

    private String managementRoot() {
        return management.getProtocol() + "://" + management.getHost() + ":" + management.getPort();
    }

    private RequestSpecification https() {
        return given().baseUri(gateway.toString()).relaxedHTTPSValidation();
    }

    @Test
    void forwardsMethodPathQueryBodyAndRequestId() {
        https().header("X-Request-Id", "abc-1").header("Connection", "keep-alive").contentType("application/json")
                .body("{\"amount\":100}")
                .post("/api/v1/transfers?dryRun=true")
                .then()
                .statusCode(201)
                .header("X-Request-Id", "abc-1")
                .header("X-Moolah-Service", "stub")
                .body("method", equalTo("POST"))
                .body("uri", equalTo("/api/v1/transfers?dryRun=true"))
                .body("bodyLength", equalTo(14))
                .body("headers.x-request-id", equalTo("abc-1"))
                .body("headers.x-forwarded-proto", equalTo("https"))
                .body("headers", not(hasKey("connection")));
    }

    @Test
    void theW3cTraceContextTravelsToTheService() {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        https().header("traceparent", traceparent).header("tracestate", "moolah=1")
                .get("/api/v1/me").then().statusCode(201)
                .body("headers.traceparent", equalTo(traceparent))
                .body("headers.tracestate", equalTo("moolah=1"));
    }

    @Test
    void anUnreachableServiceIsAFast503Problem() {
        https().get("/api/v1/payments/p-1").then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("code", equalTo("UPSTREAM_UNAVAILABLE"));
    }

    @Test
    void pathsNoServiceOwnsAre404FromTheGateway() {
        https().get("/api/v1/nothing-here").then()
                .statusCode(404)
                .header("X-Moolah-Service", "gateway")
                .body("code", equalTo("NOT_FOUND"));
        // The read model only serves reads.
        https().post("/api/v1/wallets/w-1/balance").then().statusCode(404);
    }

    @Test
    void answersCarryHstsAndNoSniff() {
        https().get("/api/v1/me").then().statusCode(201)
                .header("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
                .header("X-Content-Type-Options", "nosniff");
    }

    @Test
    void largeJsonAnswersAreGzippedWhenTheClientAsks() {
        String large = "x".repeat(3000);
        var zipped = https().header("Accept-Encoding", "gzip").header("X-Padding", large)
                .get("/api/v1/me").then().statusCode(201)
                .header("Content-Encoding", "gzip")
                .header("Vary", "Accept-Encoding")
                .extract();
        org.junit.jupiter.api.Assertions.assertTrue(zipped.body().asString().contains(large), "the body unzips to the answer");
        // Without content decoders RestAssured sends no Accept-Encoding of its own, so "identity" is all the gateway sees.
        https().config(io.restassured.RestAssured.config().decoderConfig(io.restassured.config.DecoderConfig.decoderConfig().noContentDecoders()))
                .relaxedHTTPSValidation().header("Accept-Encoding", "identity").header("X-Padding", large).get("/api/v1/me").then().statusCode(201)
                .header("Content-Encoding", org.hamcrest.Matchers.nullValue());
        https().header("Accept-Encoding", "gzip").get("/api/v1/me").then().statusCode(201)
                .header("Content-Encoding", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void browsersFromTheConfiguredOriginMayCallTheApi() {
        https().header("Origin", "https://app.moolah.example").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,idempotency-key")
                .options("/api/v1/transfers").then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", "https://app.moolah.example");
        https().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .options("/api/v1/transfers").then()
                .header("Access-Control-Allow-Origin", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void oversizedBodiesAreRefusedBeforeReachingAService() {
        https().contentType("application/json").body("{\"x\":\"" + "a".repeat(5000) + "\"}")
                .post("/api/v1/transfers").then()
                .statusCode(413);
    }

    @Test
    void healthAndMetricsAreOnTheManagementPortOnly() {
        given().baseUri(managementRoot()).get("/q/health/ready").then()
                .statusCode(200)
                .body("checks.name", hasItem("Redis connection health check"));
        given().baseUri(managementRoot()).accept("text/plain").get("/q/metrics").then().statusCode(200);
        https().get("/q/health/ready").then().statusCode(404);
    }
}
