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

/**
 * The platform started from its jars; requests through the gateway reach the service that owns each path. The
 * operator's token passes the gateway's checks on every route, so the owning service is the one that answers.
 */
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
                Map.of("X-Request-Id", requestId, "Authorization", "Bearer " + Customers.operatorToken(client, platform)));

        assertEquals(service, reply.header("X-Moolah-Service"), "answered by");
        assertEquals(requestId, reply.header("X-Request-Id"), "the request id travels through and back");
        assertTrue(reply.status() < 500, "no server error: " + reply.status() + " " + reply.body());
    }

    @Test
    void tokensAreCheckedAtTheGateway(RunningPlatform platform) {
        GatewayClient client = new GatewayClient(platform.gatewayUrl(), platform.gatewayCertificate());
        Customers.Customer customer = Customers.register(client, "Gate Keeper");

        assertRefused(client.get("/me"), 401, "UNAUTHENTICATED");
        assertRefused(client.get("/me", "not-a-token"), 401, "TOKEN_INVALID");
        String[] parts = customer.token().split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8);
        String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.replace("\"customer\"", "\"operator\"").getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];
        assertRefused(client.get("/me", forged), 401, "TOKEN_INVALID");
        assertRefused(client.send("POST", "/admin/adjustments", GatewayClient.json(Map.of("walletId", customer.walletId(),
                "amount", 100, "currency", "ZAR", "reason", "self-service")), Map.of("Authorization", "Bearer " + customer.token(),
                "Idempotency-Key", UUID.randomUUID().toString())), 403, "FORBIDDEN");
        assertEquals(200, client.get("/me", customer.token()).status(), "the real token still works");
    }

    private static void assertRefused(GatewayClient.Reply reply, int status, String code) {
        assertEquals(status, reply.status(), reply.body());
        assertEquals("gateway", reply.header("X-Moolah-Service"), "refused at the door");
        assertEquals("application/problem+json", reply.header("Content-Type"));
        assertEquals(code, reply.json().get("code").asText());
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
