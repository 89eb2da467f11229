package io.moolah.systemtest;

import io.moolah.localstack.Await;
import io.moolah.localstack.testing.PlatformExtension;
import io.moolah.localstack.testing.PlatformExtension.RunningPlatform;
import io.moolah.systemtest.Customers.Customer;
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

/**
 * A card top-up end to end: the app starts it through the gateway, the shopper pays on the (simulated) Peach page,
 * Peach's notifications come back through the gateway's public webhook path, twice and out of order, and the wallet
 * is credited exactly once. A forged notification through the same door changes nothing.
 */
@ExtendWith(PlatformExtension.class)
class TopUpSystemTest {

    @Test
    void aTopUpCreditsTheWalletExactlyOnceAndAForgeryChangesNothing(RunningPlatform platform) throws Exception {
        GatewayClient client = new GatewayClient(platform.gatewayUrl(), platform.gatewayCertificate());
        Customer customer = Customers.register(client, "Top Up");

        var started = client.send("POST", "/topups", GatewayClient.json(Map.of("walletId", customer.walletId(), "amount", 15_000,
                "currency", "ZAR", "provider", "PEACH")), Map.of("Authorization", "Bearer " + customer.token(),
                "Idempotency-Key", UUID.randomUUID().toString()));
        assertEquals(201, started.status(), started.body());
        String paymentId = started.json().get("paymentId").asText();
        String checkoutId = started.json().get("checkoutId").asText();

        String paid = simulate(platform, checkoutId, "{\"resultCode\":\"000.100.110\",\"duplicate\":true,\"outOfOrder\":true}");
        assertEquals(true, paid.contains("\"deliveries\":[200,200,200]"), "notifications through the gateway: " + paid);
        Await.until("the wallet to be credited", Duration.ofSeconds(30),
                () -> client.get("/wallets/" + customer.walletId() + "/balance", customer.token()).json().get("ledgerBalance").asLong() == 15_000);
        assertEquals("SUCCEEDED", client.get("/payments/" + paymentId, customer.token()).json().get("status").asText());

        // Forged: 401 at the payment service, through the gateway; the balance stays.
        String forged = simulate(platform, checkoutId, "{\"resultCode\":\"000.100.110\",\"forge\":true}");
        assertEquals(true, forged.contains("\"deliveries\":[401]"), forged);
        var raw = client.send("POST", "/webhooks/peach", "id=x&result.code=000.100.110&signature=00",
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertEquals(401, raw.status(), raw.body());
        Thread.sleep(1500);
        var balance = client.get("/wallets/" + customer.walletId() + "/balance", customer.token()).json();
        assertEquals(15_000, balance.get("ledgerBalance").asLong(), "credited once: " + balance);
    }

    private static String simulate(RunningPlatform platform, String checkoutId, String options) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        platform.platform().peach().baseUrl() + "/__sim/peach/checkouts/" + checkoutId + "/outcome"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(options)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }
}
