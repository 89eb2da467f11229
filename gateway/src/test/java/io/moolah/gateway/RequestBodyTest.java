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

import java.net.URL;

import static io.moolah.gateway.GatewayRequests.anonymous;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Bodies pass through as the bytes sent, forms included (the payment service, not the gateway, reads a notification),
 * and a body over its limit is 413 PAYLOAD_TOO_LARGE whatever its type or size. The limits here: 4 KiB for the API,
 * 2 KiB for notifications (GatewayTestResource).
 */
@QuarkusTest
@WithTestResource(value = GatewayTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RedisResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TestTokens.class, scope = TestResourceScope.GLOBAL)
class RequestBodyTest {
    private static final String FORM = "application/x-www-form-urlencoded";

    @Inject
    PublicServer publicServer;

    /** The public port's URL (the gateway's own server, not Quarkus's, so not a {@code @TestHTTPResource}). */
    URL gateway;

    @BeforeEach
    void findThePublicPort() {
        gateway = publicServer.url();
    }

    @Test
    void aFormTheGatewayCouldNotDecodeStillReachesTheService() {
        anonymous(gateway).contentType(FORM).body("a=%ZZ&signature=00").post("/api/v1/webhooks/peach").then()
                .statusCode(201)
                .header("X-Moolah-Service", "stub")
                .body("bodyLength", equalTo(18));
    }

    @Test
    void anOversizedNotificationIs413WhateverItsType() {
        for (String type : new String[]{FORM, "text/plain", "application/json"}) {
            // A form field longer than any form decoder allows, and one the decoder would fail on first.
            for (String body : new String[]{"a=" + "b".repeat(70 * 1024), "a=%ZZ&b=" + "c".repeat(3000)}) {
                anonymous(gateway).contentType(type).body(body).post("/api/v1/webhooks/peach").then()
                        .statusCode(413)
                        .contentType("application/problem+json")
                        .body("code", equalTo("PAYLOAD_TOO_LARGE"));
            }
        }
    }

    @Test
    void aBodyDeclaredLargerThanAnyLimitIs413AtOnce() {
        // 20 MB is over Quarkus's own upload limit too (10 MiB), which would answer a bare 413; the body is never sent.
        RawHttps.Answer answer = RawHttps.send(gateway, "POST /api/v1/webhooks/peach HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: " + FORM + "\r\nContent-Length: 20000000\r\n\r\na=1");
        assertEquals(413, answer.status());
        assertEquals("PAYLOAD_TOO_LARGE", answer.code());
    }

    @Test
    void aChunkedBodyIs413OnceItPassesTheLimit() {
        String chunk = "a".repeat(1000);
        StringBuilder request = new StringBuilder("POST /api/v1/webhooks/peach HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n");
        for (int i = 0; i < 3; i++) {
            request.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        request.append("0\r\n\r\n");
        RawHttps.Answer answer = RawHttps.send(gateway, request.toString());
        assertEquals(413, answer.status());
        assertEquals("PAYLOAD_TOO_LARGE", answer.code());
        // Under the limit, the same request goes through whole.
        String small = "POST /api/v1/webhooks/peach HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n";
        RawHttps.Answer passed = RawHttps.send(gateway, small);
        assertEquals(201, passed.status(), passed.body());
        assertEquals(1000, passed.json().getInt("bodyLength"));
    }

    @Test
    void anOversizedApiBodyIs413() {
        GatewayRequests.as(gateway, TestTokens.customer(java.util.UUID.randomUUID(), java.util.UUID.randomUUID()))
                .contentType(FORM).body("a=" + "b".repeat(70 * 1024)).post("/api/v1/transfers").then()
                .statusCode(413)
                .body("code", equalTo("PAYLOAD_TOO_LARGE"));
    }
}
