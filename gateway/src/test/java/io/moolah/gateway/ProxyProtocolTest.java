package io.moolah.gateway;

import io.moolah.gateway.server.PublicServer;
import io.moolah.localstack.testing.RedisResource;
import io.moolah.localstack.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Behind a load balancer that speaks the PROXY protocol (Kubernetes: MOOLAH_GATEWAY_HTTPS_PROXY_PROTOCOL), the client's
 * own address is the one the gateway limits and forwards; a connection without the header is refused.
 */
@QuarkusTest
@TestProfile(ProxyProtocolTest.BehindALoadBalancer.class)
@WithTestResource(value = GatewayTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RedisResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TestTokens.class, scope = TestResourceScope.GLOBAL)
class ProxyProtocolTest {

    public static class BehindALoadBalancer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("moolah.gateway.https.proxy-protocol", "true");
        }
    }

    @Inject
    PublicServer publicServer;

    private final String bearer = "Authorization: Bearer " + TestTokens.customer(UUID.randomUUID(), UUID.randomUUID()) + "\r\n";

    @Test
    void theClientsAddressFromTheHeaderIsTheOneForwarded() throws IOException {
        byte[] header = "PROXY TCP4 203.0.113.7 127.0.0.1 40000 443\r\n".getBytes(StandardCharsets.US_ASCII);
        try (SSLSocket socket = RawHttps.connectAfter(publicServer.url(), header)) {
            socket.getOutputStream().write(("GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\n" + bearer + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            RawHttps.Answer answer = RawHttps.read(socket.getInputStream());
            assertEquals(201, answer.status(), answer.body());
            assertEquals("203.0.113.7", answer.json().getMap("headers").get("x-forwarded-for"), answer.body());
        }
    }

    @Test
    void aConnectionWithoutTheHeaderIsNotServed() {
        assertThrows(RuntimeException.class, () -> RawHttps.get(publicServer.url(), "/api/v1/me", bearer));
    }
}
