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

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A client cannot hold the gateway with trickled bodies, nor with more connections than its address may open. */
@QuarkusTest
@TestProfile(SlowClientTest.TightLimits.class)
@WithTestResource(value = GatewayTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RedisResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TestTokens.class, scope = TestResourceScope.GLOBAL)
class SlowClientTest {

    public static class TightLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("moolah.gateway.body-read-timeout", "1s", "moolah.gateway.max-connections-per-address", "3");
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

    @Test
    void aBodyTrickledInIsCutOffAtTheDeadline() throws Exception {
        String token = TestTokens.customer(UUID.randomUUID(), UUID.randomUUID());
        try (SSLSocket socket = RawHttps.connect(gateway)) {
            String head = "POST /api/v1/transfers HTTP/1.1\r\nHost: " + gateway.getHost() + "\r\nAuthorization: Bearer " + token
                    + "\r\nIdempotency-Key: k-1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            // One byte, then nothing: the idle timeout alone would let this hold for as long as bytes keep coming.
            RawHttps.Answer answer = RawHttps.read(socket.getInputStream());
            assertEquals(408, answer.status(), answer.toString());
            assertEquals("REQUEST_TIMEOUT", answer.code());
            assertEquals("close", answer.header("Connection"));
            assertEquals(-1, socket.getInputStream().read(), "the connection is closed");
        }
    }

    @Test
    void oneAddressHoldsAtMostItsShareOfConnections() throws IOException {
        List<SSLSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                SSLSocket socket = RawHttps.connect(gateway);
                open.add(socket);
                assertEquals(401, get(socket).status(), "connection " + (i + 1) + " is served");
            }
            SSLSocket fourth = RawHttps.connect(gateway);
            open.add(fourth);
            RawHttps.Answer refused = get(fourth);
            assertEquals(429, refused.status(), refused.toString());
            assertEquals("TOO_MANY_CONNECTIONS", refused.code());
            // The first three keep working.
            assertEquals(401, get(open.get(0)).status());
        } finally {
            for (SSLSocket socket : open) {
                socket.close();
            }
        }
    }

    private RawHttps.Answer get(SSLSocket socket) throws IOException {
        socket.getOutputStream().write(("GET /api/v1/me HTTP/1.1\r\nHost: " + gateway.getHost() + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return RawHttps.read(socket.getInputStream());
    }
}
