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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import static io.moolah.gateway.GatewayRequests.anonymous;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Half a request does not hold a connection: a connection that stops sending mid-request is closed after the idle
 * timeout (15 s; 2 s in tests), well within the client's 10 s read timeout here, without an answer.
 */
@QuarkusTest
@WithTestResource(value = GatewayTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RedisResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TestTokens.class, scope = TestResourceScope.GLOBAL)
class IdleTimeoutTest {

    @Inject
    PublicServer publicServer;

    /** The public port's URL (the gateway's own server, not Quarkus's, so not a {@code @TestHTTPResource}). */
    URL gateway;

    @BeforeEach
    void findThePublicPort() {
        gateway = publicServer.url();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "GET /api/v1/auth/jwks.json HTTP/1.1\r\nHost: localhost\r\nAccept: appl",
            "POST /api/v1/webhooks/peach HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nonly part"})
    void aConnectionThatStopsMidRequestIsClosed(String half) throws IOException {
        try (SSLSocket socket = RawHttps.connect(gateway)) {
            socket.getOutputStream().write(half.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            try {
                int read = socket.getInputStream().read();
                assertEquals(-1, read, "no answer to half a request, only the close");
            } catch (SocketTimeoutException e) {
                fail("the connection was still open after " + RawHttps.READ_TIMEOUT_MILLIS + " ms");
            } catch (IOException e) {
                // Reset or closed under the read (TCP or TLS): as good as an end of stream.
            }
        }
        // Whole requests are unaffected.
        anonymous(gateway).get("/api/v1/auth/jwks.json").then().statusCode(201);
    }
}
