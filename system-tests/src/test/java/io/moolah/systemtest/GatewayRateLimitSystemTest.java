package io.moolah.systemtest;

import io.moolah.localstack.Ports;
import io.moolah.localstack.testing.PlatformExtension;
import io.moolah.localstack.testing.PlatformExtension.RunningPlatform;
import io.moolah.systemtest.Customers.Customer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two gateways with the same small read limit share one customer's bucket through Redis: together they allow the
 * burst once, not twice. A third gateway whose Redis is unreachable still limits, with its own local buckets.
 */
@ExtendWith(PlatformExtension.class)
class GatewayRateLimitSystemTest {
    private static final int BURST = 10;

    private static Map<String, String> smallReadLimit(String prefix) {
        Map<String, String> limits = new HashMap<>(Map.of(
                "MOOLAH_GATEWAY_RATE_LIMITS_CUSTOMER_READ_RATE", "0.1",
                "MOOLAH_GATEWAY_RATE_LIMITS_CUSTOMER_READ_BURST", String.valueOf(BURST),
                "MOOLAH_GATEWAY_RATE_LIMITS_KEY_PREFIX", prefix));
        return limits;
    }

    @Test
    void twoGatewaysShareOneBucketAndOneWithoutRedisLimitsLocally(RunningPlatform platform) throws Exception {
        Path runDirectory = Files.createTempDirectory("rate-limits");
        GatewayClient client = new GatewayClient(platform.gatewayUrl(), platform.gatewayCertificate());
        Customer customer = Customers.register(client, "Rate Limited");
        String prefix = "moolah:systemtest:" + System.nanoTime() + ":";
        Map<String, String> deadRedis = smallReadLimit(prefix);
        deadRedis.put("QUARKUS_REDIS_HOSTS", "redis://127.0.0.1:" + Ports.free());
        try (var first = ExtraProcesses.gateway("gateway-limits-1", platform, runDirectory, smallReadLimit(prefix));
             var second = ExtraProcesses.gateway("gateway-limits-2", platform, runDirectory, smallReadLimit(prefix));
             var alone = ExtraProcesses.gateway("gateway-limits-local", platform, runDirectory, deadRedis)) {
            first.process().awaitReady(Duration.ofSeconds(90));
            second.process().awaitReady(Duration.ofSeconds(90));
            alone.process().awaitReady(Duration.ofSeconds(90));
            GatewayClient[] gateways = {first.client(), second.client()};

            int allowed = 0;
            int[] refusedBy = new int[2];
            for (int i = 0; i < 3 * BURST; i++) {
                var reply = gateways[i % 2].get("/me", customer.token());
                if (reply.status() == 200) {
                    allowed++;
                } else {
                    assertEquals(429, reply.status(), reply.body());
                    assertEquals("RATE_LIMITED", reply.json().get("code").asText());
                    assertNotNull(reply.header("Retry-After"));
                    assertTrue(reply.header("RateLimit-Policy").startsWith("\"customer-read\";q=" + BURST));
                    refusedBy[i % 2]++;
                }
            }
            // One shared bucket of 10 (plus at most a token or two refilled at 0.1/s while the requests ran).
            assertTrue(allowed >= BURST && allowed <= BURST + 2, "allowed across both gateways: " + allowed);
            assertTrue(refusedBy[0] > 0 && refusedBy[1] > 0, "both gateways refused once the shared bucket was empty");

            int allowedLocally = 0;
            for (int i = 0; i < 2 * BURST; i++) {
                allowedLocally += alone.client().get("/me", customer.token()).status() == 200 ? 1 : 0;
            }
            assertTrue(allowedLocally >= BURST && allowedLocally <= BURST + 2,
                    "without Redis the gateway limits on its own, neither open nor closed: " + allowedLocally);
            String readiness = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + alone.managementPort() + "/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString())
                    .body().replaceAll("\\s", "");
            assertTrue(readiness.contains("\"buckets\":\"local\""), readiness);
            assertTrue(readiness.contains("\"status\":\"UP\""), "still ready: " + readiness);
        }
    }
}
