package io.moolah.gateway;

import org.junit.jupiter.api.BeforeEach;
import io.moolah.gateway.server.PublicServer;
import io.moolah.gateway.routing.BodyBudget;
import io.moolah.localstack.testing.RedisResource;
import io.moolah.localstack.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import jakarta.inject.Inject;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Unfinished bodies cannot exhaust the heap: all bodies together are held within
 * {@code moolah.gateway.max-buffered-body-bytes} (12 KiB in tests, three 4 KiB bodies), beyond it 503 GATEWAY_BUSY,
 * and a body's share comes back when its exchange ends, a client that goes away mid-body included. No body is read for
 * a caller without a token. HTTP/2 takes headers as large as HTTP/1.1 does.
 */
@QuarkusTest
@WithTestResource(value = GatewayTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RedisResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TestTokens.class, scope = TestResourceScope.GLOBAL)
class BodyBudgetTest {
    private static final int ATTEMPTS = 50;

    @Inject
    PublicServer publicServer;

    /** The public port's URL (the gateway's own server, not Quarkus's, so not a {@code @TestHTTPResource}). */
    URL gateway;

    @BeforeEach
    void findThePublicPort() {
        gateway = publicServer.url();
    }

    @Inject
    BodyBudget budget;

    @Test
    void unfinishedBodiesFillTheBudgetAndLeaveItWhenTheirClientsGo() throws Exception {
        String token = TestTokens.customer(UUID.randomUUID(), UUID.randomUUID());
        List<SSLSocket> held = new ArrayList<>();
        RawHttps.Answer refused = null;
        try {
            for (int i = 0; i < 3; i++) {
                SSLSocket socket = RawHttps.connect(gateway);
                held.add(socket);
                write(socket, "POST /api/v1/transfers HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                        + "\r\nContent-Type: application/json\r\nIdempotency-Key: held-" + i + "\r\nContent-Length: 4096\r\n\r\n{\"a\":\""
                        + "a".repeat(3000));
            }
            // Each held body is reserved once its token is checked; until all three are, a small body still fits.
            for (int attempt = 0; attempt < ATTEMPTS && refused == null; attempt++) {
                for (SSLSocket socket : held) {
                    write(socket, "a"); // within its 4096 bytes; keeps the connection from the idle timeout (2 s)
                }
                RawHttps.Answer answer = smallBody();
                if (answer.status() == 503) {
                    refused = answer;
                } else {
                    assertEquals(201, answer.status(), answer.body());
                    Thread.sleep(100);
                }
            }
        } finally {
            for (SSLSocket socket : held) {
                socket.close();
            }
        }
        assertNotNull(refused, "three unfinished 4 KiB bodies fill a 12 KiB budget");
        assertEquals("GATEWAY_BUSY", refused.code());
        assertEquals("1", refused.header("Retry-After"));
        assertEquals("application/problem+json", refused.header("Content-Type"));
        // Their clients went away mid-body: their shares come back, and bodies are read again.
        int status = 0;
        for (int attempt = 0; attempt < ATTEMPTS && status != 201; attempt++) {
            status = smallBody().status();
            if (status != 201) {
                Thread.sleep(100);
            }
        }
        assertEquals(201, status, "the budget is released when a client closes its connection mid-body");
        // Refused, answered or abandoned, every body gave back exactly what it took.
        for (int attempt = 0; attempt < ATTEMPTS && budget.held() != 0; attempt++) {
            Thread.sleep(100);
        }
        assertEquals(0, budget.held(), "bytes still reserved once every exchange has ended");
    }

    @Test
    void noBodyIsReadForACallerWithoutAToken() throws Exception {
        // The body is never finished: the answer comes from the token check, before any of it is read.
        try (SSLSocket socket = RawHttps.connect(gateway)) {
            write(socket, "POST /api/v1/transfers HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 4096\r\n\r\n{\"a\":\"" + "a".repeat(100));
            RawHttps.Answer answer = RawHttps.read(socket.getInputStream());
            assertEquals(401, answer.status());
            assertEquals("UNAUTHENTICATED", answer.code());
        }
    }

    @Test
    void http2TakesHeadersAsLargeAsHttp11Does() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(RawHttps.trustingAnyCertificate())
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + gateway.getPort() + "/api/v1/auth/jwks.json"))
                .timeout(Duration.ofSeconds(10)).header("X-Filler", "f".repeat(9000)).GET().build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_2, response.version());
        assertEquals(201, response.statusCode(), response.body());
    }

    private RawHttps.Answer smallBody() {
        String body = "{\"amount\":1}";
        return RawHttps.send(gateway, "POST /api/v1/transfers HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + TestTokens.customer(UUID.randomUUID(), UUID.randomUUID()) + "\r\nContent-Type: application/json\r\n"
                + "Idempotency-Key: " + UUID.randomUUID() + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
    }

    private static void write(SSLSocket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }
}
