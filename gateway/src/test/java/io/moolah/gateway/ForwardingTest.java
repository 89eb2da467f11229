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
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.net.URL;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;

@QuarkusTest
@WithTestResource(value = GatewayTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RedisResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TestTokens.class, scope = TestResourceScope.GLOBAL)
class ForwardingTest {

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

    private String managementRoot() {
        return management.getProtocol() + "://" + management.getHost() + ":" + management.getPort();
    }

    /** A signed-in customer's request. */
    private RequestSpecification https() {
        return given().baseUri(gateway.toString()).relaxedHTTPSValidation()
                .auth().oauth2(TestTokens.customer(java.util.UUID.randomUUID(), java.util.UUID.randomUUID()));
    }

    @Test
    void forwardsMethodPathQueryBodyAndRequestId() {
        https().header("X-Request-Id", "abc-1").header("Connection", "keep-alive").header("Idempotency-Key", "k-1")
                .contentType("application/json")
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
                .body("headers.idempotency-key", equalTo("k-1"))
                .body("headers", not(hasKey("connection")));
    }

    /** The service's parent is the gateway's span: the client's trace, the gateway's span id, the client's decision. */
    @Test
    void theW3cTraceContextTravelsToTheService() {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        https().header("traceparent", traceparent).header("tracestate", "moolah=1")
                .get("/api/v1/me").then().statusCode(201)
                .body("headers.traceparent", matchesPattern("00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01"))
                .body("headers.traceparent", not(equalTo(traceparent)))
                .body("headers.tracestate", equalTo("moolah=1"));
    }

    @Test
    void aRequestWithoutTraceContextStartsATraceTheServiceJoins() {
        https().get("/api/v1/me").then().statusCode(201)
                .body("headers.traceparent", matchesPattern("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]"));
    }

    @Test
    void anUnreachableServiceIsAFast503Problem() {
        https().get("/api/v1/wallets/w-1/balance").then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .body("code", org.hamcrest.Matchers.oneOf("UPSTREAM_UNAVAILABLE", "UPSTREAM_CIRCUIT_OPEN"));
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
        // A small answer (no token echoed back) is not worth compressing.
        given().baseUri(gateway.toString()).relaxedHTTPSValidation().header("Accept-Encoding", "gzip")
                .get("/api/v1/auth/jwks.json").then().statusCode(201)
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
                .statusCode(403)
                .contentType("application/problem+json")
                .body("code", equalTo("ORIGIN_NOT_ALLOWED"))
                .header("Access-Control-Allow-Origin", org.hamcrest.Matchers.nullValue());
        // Not only preflights: a page from another origin reaches no service.
        https().header("Origin", "https://evil.example").get("/api/v1/me").then()
                .statusCode(403)
                .header("X-Moolah-Service", "gateway");
        // An allowed page's call is served and may read the exposed headers.
        https().header("Origin", "https://app.moolah.example").get("/api/v1/me").then()
                .statusCode(201)
                .header("Access-Control-Allow-Origin", "https://app.moolah.example")
                .header("Access-Control-Expose-Headers", org.hamcrest.Matchers.containsString("X-Request-Id"));
        // Pages the gateway serves itself call it from its own origin.
        String own = "https://localhost:" + gateway.getPort();
        https().header("Origin", own).get("/api/v1/me").then()
                .statusCode(201)
                .header("Access-Control-Allow-Origin", own);
    }

    @Test
    void oversizedBodiesAreRefusedBeforeReachingAService() {
        https().contentType("application/json").body("{\"x\":\"" + "a".repeat(5000) + "\"}")
                .post("/api/v1/transfers").then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("code", equalTo("PAYLOAD_TOO_LARGE"));
        // Provider notifications have a smaller limit of their own (2 KiB in these tests).
        given().baseUri(gateway.toString()).relaxedHTTPSValidation().contentType("application/x-www-form-urlencoded")
                .body("id=" + "a".repeat(3000)).post("/api/v1/webhooks/peach").then()
                .statusCode(413)
                .body("code", equalTo("PAYLOAD_TOO_LARGE"));
    }

    @Test
    void providerNotificationsAreForwardedAsSentWithoutAToken() {
        String form = "id=8ac7a4a1&amount=100.00&currency=ZAR&result.code=000.100.110&signature=" + "f".repeat(64);
        given().baseUri(gateway.toString()).relaxedHTTPSValidation().contentType("application/x-www-form-urlencoded")
                .body(form).post("/api/v1/webhooks/peach").then()
                .statusCode(201)
                .body("bodyLength", equalTo(form.length()))
                .body("headers.content-type", org.hamcrest.Matchers.startsWith("application/x-www-form-urlencoded"));
        given().baseUri(gateway.toString()).relaxedHTTPSValidation().contentType("text/plain")
                .header("X-Initialization-Vector", "000000000000000000000000").body("0A3471C72D9BE49A")
                .post("/api/v1/webhooks/peach").then()
                .statusCode(201)
                .body("bodyLength", equalTo(16))
                .body("headers.x-initialization-vector", equalTo("000000000000000000000000"));
    }

    @Test
    void bodiesThatAreNotJsonAreRefusedBeforeReachingAService() {
        https().contentType("text/plain").body("amount=5").post("/api/v1/holds").then()
                .statusCode(415).contentType("application/problem+json").body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
        for (String broken : new String[]{"{\"amount\":", "{\"a\":1} {\"b\":2}", "[1,2", "nope", "{\"a\":1}}"}) {
            https().contentType("application/json").body(broken).post("/api/v1/holds").then()
                    .statusCode(400).contentType("application/problem+json").body("code", equalTo("MALFORMED_JSON"));
        }
        // A POST without a body (a void, say) is fine, and so is JSON with a charset.
        https().header("Idempotency-Key", "k-2").post("/api/v1/holds/h-1/void").then().statusCode(201);
        https().header("Idempotency-Key", "k-3").contentType("application/json; charset=UTF-8").body("{\"amount\":5}")
                .post("/api/v1/holds").then().statusCode(201);
    }

    @Test
    void twoIdempotencyKeysAreRefused() {
        // Which one the gateway's retries and the service's de-duplication would each take is anyone's guess.
        https().header("Idempotency-Key", "k-4").header("Idempotency-Key", "k-5").contentType("application/json")
                .body("{\"amount\":5}").post("/api/v1/transfers").then()
                .statusCode(400)
                .header("X-Moolah-Service", "gateway")
                .contentType("application/problem+json")
                .body("code", equalTo("INVALID_IDEMPOTENCY_KEY"));
        https().header("Idempotency-Key", "k-6").contentType("application/json").body("{\"amount\":5}")
                .post("/api/v1/transfers").then().statusCode(201).body("headers.idempotency-key", equalTo("k-6"));
    }

    @Test
    void healthAndMetricsAreOnTheManagementPortOnly() {
        given().baseUri(managementRoot()).get("/q/health/ready").then()
                .statusCode(200)
                .body("checks.name", hasItem("rate-limit buckets"));
        https().get("/q/health/ready").then().statusCode(404);
        // The latency alert reads the gateway's own timer, in buckets with one at its 1 s threshold (LatencyHistograms).
        given().baseUri(managementRoot()).accept("text/plain").get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.matchesPattern(
                        "(?s).*\\nmoolah_gateway_requests_seconds_bucket\\{[^}]*le=\"1\\.0\"[^}]*} .*"));
    }
}
