package io.moolah.systemtest;

import io.moolah.localstack.testing.PlatformExtension;
import io.moolah.localstack.testing.PlatformExtension.RunningPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpClient;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The platform started from its jars; requests through the gateway reach the service that owns each path. */
@ExtendWith(PlatformExtension.class)
class GatewayRoutingSystemTest {

    @ParameterizedTest(name = "{0} {1} reaches {2}")
    @CsvSource({
            "GET,  /me,                                 account-service",
            "POST, /auth/login,                         account-service",
            "POST, /transfers,                          transaction-service",
            "POST, /admin/adjustments,                  transaction-service",
            "GET,  /payments/0b8f5f5e-0000-0000-0000-000000000000, payment-gateway-service",
            "POST, /webhooks/peach,                     payment-gateway-service",
            "GET,  /wallets/0b8f5f5e-0000-0000-0000-000000000000/balance, cache-service",
    })
    void aRequestThroughTheGatewayReachesTheOwningService(String method, String path, String service, RunningPlatform platform) {
        GatewayClient client = new GatewayClient(platform.gatewayUrl(), platform.gatewayCertificate());
        String requestId = "system-test-" + UUID.randomUUID();

        GatewayClient.Reply reply = client.send(method, path, "POST".equals(method) ? "{}" : null,
                Map.of("X-Request-Id", requestId));

        assertEquals(service, reply.header("X-Moolah-Service"), "answered by");
        assertEquals(requestId, reply.header("X-Request-Id"), "the request id travels through and back");
        assertTrue(reply.status() >= 400 && reply.status() < 500, "nothing is served there yet: " + reply.status());
        assertEquals("application/problem+json", reply.header("Content-Type"));
        assertNotNull(reply.json().get("code"), "problem+json with a stable code: " + reply.body());
    }

    @Test
    void unknownPathsAreAnsweredByTheGatewayItself(RunningPlatform platform) {
        GatewayClient client = new GatewayClient(platform.gatewayUrl(), platform.gatewayCertificate());

        GatewayClient.Reply reply = client.get("/no-such-thing");

        assertEquals(404, reply.status());
        assertEquals("gateway", reply.header("X-Moolah-Service"));
        assertEquals("NOT_FOUND", reply.json().get("code").asText());
        assertNotNull(reply.header("X-Request-Id"), "a request id is made when the client sends none");
    }

    @Test
    void theGatewaySpeaksHttp2OverTls13AndRefusesTls12(RunningPlatform platform) {
        GatewayClient tls13 = new GatewayClient(platform.gatewayUrl(), platform.gatewayCertificate());
        assertEquals(HttpClient.Version.HTTP_2, tls13.get("/me").version());

        GatewayClient tls12 = new GatewayClient(platform.gatewayUrl(), platform.gatewayCertificate(), "TLSv1.2");
        assertThrows(IllegalStateException.class, () -> tls12.get("/me"), "a TLS 1.2 handshake must fail");
    }
}
