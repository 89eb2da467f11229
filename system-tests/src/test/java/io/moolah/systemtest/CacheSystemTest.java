package io.moolah.systemtest;

import io.moolah.systemtest.Customers.Customer;

import io.moolah.localstack.testing.PlatformExtension;
import io.moolah.localstack.testing.PlatformExtension.RunningPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Balance reads through the gateway come from the cache-service (issue: the cache). */
@ExtendWith(PlatformExtension.class)
class CacheSystemTest {
    @Test
    void afterATransferTheBalanceReadWithItsVersionEqualsTheLedgers(RunningPlatform platform) throws Exception {
        GatewayClient client = new GatewayClient(platform.gatewayUrl(), platform.gatewayCertificate());
        Customer a = Customers.register(client, "Cache Reader");
        Customer b = Customers.register(client, "Cache Reader");
        Customers.fund(client, platform, a, 5_000);

        for (int i = 1; i <= 3; i++) {
            var sent = client.send("POST", "/transfers", GatewayClient.json(Map.of("fromWalletId", a.walletId(),
                            "toWalletId", b.walletId(), "amount", 100 * i, "currency", "ZAR")),
                    Map.of("Authorization", "Bearer " + a.token(), "Idempotency-Key", UUID.randomUUID().toString()));
            assertEquals(201, sent.status(), sent.body());
            String version = sent.json().get("version").asText();
            var cached = client.send("GET", "/wallets/" + a.walletId() + "/balance", null,
                    Map.of("Authorization", "Bearer " + a.token(), "Min-Version", version));
            assertEquals(200, cached.status(), cached.body());
            assertEquals("cache-service", cached.header("X-Moolah-Service"));
            String ledger = ledgerBalance(platform, a);
            assertEquals(ledger, cached.body().replaceAll(",\"asOf\":\"[^\"]*\"", ""),
                    "the cache answers exactly what the ledger holds for that version");
        }
        // A version the wallet never had is not answered with an older one.
        var ahead = client.send("GET", "/wallets/" + a.walletId() + "/balance", null,
                Map.of("Authorization", "Bearer " + a.token(), "Min-Version", "9223372036854775807"));
        assertEquals(412, ahead.status(), ahead.body());
        assertEquals("MIN_VERSION_NOT_REACHED", ahead.json().get("code").asText());
    }

    @Test
    void withRedisStoppedReadsStillSucceed(RunningPlatform platform) {
        GatewayClient client = new GatewayClient(platform.gatewayUrl(), platform.gatewayCertificate());
        Customer a = Customers.register(client, "Cache Reader");
        Customers.fund(client, platform, a, 1_000);
        var redis = platform.infrastructure().redis();
        redis.stop();
        try {
            for (int i = 0; i < 5; i++) {
                var read = client.get("/wallets/" + a.walletId() + "/balance", a.token());
                assertEquals(200, read.status(), read.body());
            }
            Customer fresh = Customers.register(client, "Cache Reader");
            var cold = client.get("/wallets/" + fresh.walletId() + "/balance", fresh.token());
            assertEquals(200, cold.status(), "a wallet in no cache is read from the ledger: " + cold.body());
        } finally {
            redis.start();
        }
    }

    private static String ledgerBalance(RunningPlatform platform, Customer who) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + platform.platform().ports().transaction() + "/api/v1/wallets/" + who.walletId() + "/balance"))
                .header("Authorization", "Bearer " + who.token()).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body().replaceAll(",\"asOf\":\"[^\"]*\"", "");
    }
}
