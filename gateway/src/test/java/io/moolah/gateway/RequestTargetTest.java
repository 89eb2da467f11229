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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URL;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The gateway routes on the path it forwards: another spelling of a path (dot segments, escapes, empty segments) is
 * refused before any route's rules apply, and an absolute-form target is served on its path, never sent elsewhere.
 * Raw requests, because HTTP clients normalise such targets before sending them.
 */
@QuarkusTest
@WithTestResource(value = GatewayTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RedisResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TestTokens.class, scope = TestResourceScope.GLOBAL)
class RequestTargetTest {

    @Inject
    PublicServer publicServer;

    /** The public port's URL (the gateway's own server, not Quarkus's, so not a {@code @TestHTTPResource}). */
    URL gateway;

    @BeforeEach
    void findThePublicPort() {
        gateway = publicServer.url();
    }

    private final String bearer = "Authorization: Bearer " + TestTokens.customer(UUID.randomUUID(), UUID.randomUUID()) + "\r\n";

    private RawHttps.Answer post(String target, String contentType, String body) {
        return RawHttps.send(gateway, "POST " + target + " HTTP/1.1\r\nHost: localhost\r\n" + bearer
                + "Content-Type: " + contentType + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
    }

    private static void assertRefusedBeforeRouting(RawHttps.Answer answer) {
        assertEquals(400, answer.status(), answer.body());
        assertEquals("MALFORMED_PATH", answer.code(), answer.body());
        assertEquals("gateway", answer.header("X-Moolah-Service"), "answered by the gateway, not a service");
        assertNull(answer.header("RateLimit-Policy"), "no route's buckets were drawn from");
    }

    @Test
    void dotSegmentsDoNotReachAnotherRoutesRules() {
        // Would be the customer route (no login limit), the public webhook route (no token check), the holds route.
        assertRefusedBeforeRouting(post("/api/v1/auth/x/../login", "application/json", "{\"phoneNumber\":\"0821234567\",\"pin\":\"00000\"}"));
        assertRefusedBeforeRouting(RawHttps.send(gateway, "POST /api/v1/webhooks/../topups HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"));
        assertRefusedBeforeRouting(RawHttps.get(gateway, "/api/v1/holds/../wallets/" + UUID.randomUUID() + "/balance", bearer));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/api/v1/auth/x/%2e%2e/login", "/api/v1/auth/x/%2E%2E/login", "/api/v1/holds/.%2e/wallets/w-1/balance",
            "/api/v1/holds%2f..%2fwallets/w-1/balance", "/api/v1/holds%5C..%5Cwallets/w-1/balance", "/api/v1//me",
            "/api/v1/me/", "/api/v1/./me", "/api/v1/auth/logi%6E", "/api/v1/auth/login;x=1", "/api/v1/wallets/%00/balance"})
    void otherSpellingsOfAPathAreRefused(String target) {
        assertRefusedBeforeRouting(RawHttps.get(gateway, target, bearer));
    }

    @Test
    void aTargetTheRouterRefusesIsAProblemToo() {
        RawHttps.Answer asterisk = RawHttps.send(gateway, "OPTIONS * HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertEquals(404, asterisk.status());
        assertEquals("NOT_FOUND", asterisk.code());
        RawHttps.Answer noPath = RawHttps.get(gateway, "?x=1", "");
        assertEquals(400, noPath.status());
        assertEquals("BAD_REQUEST", noPath.code());
    }

    @Test
    void anAbsoluteFormTargetIsServedOnItsPathOnly() {
        for (String authority : new String[]{"https://evil.example", "http://localhost:" + gateway.getPort()}) {
            RawHttps.Answer answer = RawHttps.get(gateway, authority + "/api/v1/me?fields=a", bearer);
            assertEquals(201, answer.status(), answer.body());
            assertEquals("stub", answer.header("X-Moolah-Service"));
            assertEquals("/api/v1/me?fields=a", answer.json().getString("uri"), "the upstream gets the path and query only");
        }
        // The route is decided on that path: no token, no service.
        RawHttps.Answer anonymous = RawHttps.get(gateway, "https://evil.example/api/v1/me", "");
        assertEquals(401, anonymous.status());
        assertEquals("UNAUTHENTICATED", anonymous.code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/me|x", "/api/v1/me?a={b}", "/api/v1/me%ZZ", "/api/v1/me?q=%4", "/api/v1/me?a=<b>",
            "/api/v1/me\\x", "/api/v1/me?a=\"b\"", "/api/v1/me^", "/api/v1/me`", "/api/v1/[me]", "/api/v1/me?x=\u00e9"})
    void charactersATargetMayNotHoldAreAProblem(String target) {
        RawHttps.Answer answer = RawHttps.get(gateway, target, bearer);
        assertEquals(400, answer.status(), answer.body());
        assertEquals("MALFORMED_REQUEST_TARGET", answer.code());
        assertNotNull(answer.header("X-Request-Id"));
        assertEquals("gateway", answer.header("X-Moolah-Service"), "answered by the gateway, not a service");
        assertNull(answer.header("RateLimit-Policy"), "no route's buckets were drawn from");
    }

    @Test
    void aRequestLineOrHeadersOverTheLimitAreProblemsAndCloseTheConnection() {
        RawHttps.Answer longLine = RawHttps.get(gateway, "/api/v1/me?q=" + "a".repeat(5000), bearer);
        assertEquals(414, longLine.status());
        assertEquals("REQUEST_LINE_TOO_LONG", longLine.code());
        assertEquals("close", longLine.header("Connection"));
        assertEquals("max-age=31536000; includeSubDomains", longLine.header("Strict-Transport-Security"));
        RawHttps.Answer largeHeaders = RawHttps.get(gateway, "/api/v1/me", bearer + "X-Padding: " + "b".repeat(17 * 1024) + "\r\n");
        assertEquals(431, largeHeaders.status());
        assertEquals("HEADERS_TOO_LARGE", largeHeaders.code());
        // Just under both limits is served.
        RawHttps.Answer under = RawHttps.get(gateway, "/api/v1/me?q=" + "a".repeat(3000), bearer + "X-Padding: " + "b".repeat(15 * 1024) + "\r\n");
        assertEquals(201, under.status(), under.body());
    }
}
