package io.moolah.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.moolah.localstack.Await;
import io.moolah.localstack.simulators.ZapperSimulator;
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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An operator reconciles a day through the gateway: differences planted in the simulators' settlement reports (an
 * amount changed at Peach, a payment left out at Zapper) are found, the rest matches, and the run is kept.
 */
@ExtendWith(PlatformExtension.class)
class ReconciliationSystemTest {

    @Test
    void plantedDifferencesAreFoundAndTheRunIsKept(RunningPlatform platform) throws Exception {
        GatewayClient client = new GatewayClient(platform.gatewayUrl(), platform.gatewayCertificate());
        Customer customer = Customers.register(client, "Recon Ciled");
        String honest = topUp(client, platform, customer, 2_000);
        String tampered = topUp(client, platform, customer, 3_000);
        Await.until("both top-ups credited", Duration.ofSeconds(30),
                () -> client.get("/wallets/" + customer.walletId() + "/balance", customer.token()).json().get("ledgerBalance").asLong() == 5_000);
        control(platform.platform().peach().baseUrl() + "/__sim/peach/report",
                "{\"checkoutId\":\"" + checkoutOf(tampered) + "\",\"amount\":\"31.00\"}");

        var qr = client.send("POST", "/qr-payments", GatewayClient.json(Map.of("walletId", customer.walletId(),
                "qrCode", ZapperSimulator.qrCode("817", "463", "7.00", "Central Perk"), "amount", 700, "currency", "ZAR")),
                Map.of("Authorization", "Bearer " + customer.token(), "Idempotency-Key", UUID.randomUUID().toString()));
        assertEquals(201, qr.status(), qr.body());
        String qrPaymentId = qr.json().get("paymentId").asText();
        Await.until("the QR payment captured", Duration.ofSeconds(30),
                () -> client.get("/wallets/" + customer.walletId() + "/balance", customer.token()).json().get("ledgerBalance").asLong() == 4_300);
        control(platform.platform().zapper().baseUrl() + "/__sim/zapper/report", "{\"reference\":\"" + qrPaymentId + "\",\"remove\":true}");

        String operator = Customers.operatorToken(client, platform);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        var peachRun = client.send("POST", "/admin/reconciliations", GatewayClient.json(Map.of("provider", "PEACH", "date", today)),
                Map.of("Authorization", "Bearer " + operator));
        assertEquals(201, peachRun.status(), peachRun.body());
        assertEquals("MATCHED", outcomeOf(peachRun.json(), paymentOf(honest)));
        assertEquals("AMOUNT_MISMATCH", outcomeOf(peachRun.json(), paymentOf(tampered)));
        assertTrue(peachRun.json().get("amountMismatches").asInt() >= 1);

        var zapperRun = client.send("POST", "/admin/reconciliations", GatewayClient.json(Map.of("provider", "ZAPPER", "date", today)),
                Map.of("Authorization", "Bearer " + operator));
        assertEquals(201, zapperRun.status(), zapperRun.body());
        assertEquals("MISSING_AT_PROVIDER", outcomeOf(zapperRun.json(), qrPaymentId));

        var kept = client.get("/admin/reconciliations/" + peachRun.json().get("runId").asText(), operator);
        assertEquals(200, kept.status());
        assertEquals(peachRun.json().get("amountMismatches").asInt(), kept.json().get("amountMismatches").asInt());
        assertEquals(403, client.send("POST", "/admin/reconciliations", GatewayClient.json(Map.of("provider", "PEACH", "date", today)),
                Map.of("Authorization", "Bearer " + customer.token())).status(), "customers may not reconcile");
        var badDay = client.send("POST", "/admin/reconciliations", GatewayClient.json(Map.of("provider", "PEACH", "date", "yesterday")),
                Map.of("Authorization", "Bearer " + operator));
        assertEquals(400, badDay.status(), badDay.body());
    }

    /** Starts and pays a top-up; returns "paymentId checkoutId". */
    private static String topUp(GatewayClient client, RunningPlatform platform, Customer customer, long amount) throws Exception {
        var started = client.send("POST", "/topups", GatewayClient.json(Map.of("walletId", customer.walletId(), "amount", amount,
                "currency", "ZAR", "provider", "PEACH")), Map.of("Authorization", "Bearer " + customer.token(),
                "Idempotency-Key", UUID.randomUUID().toString()));
        assertEquals(201, started.status(), started.body());
        String checkoutId = started.json().get("checkoutId").asText();
        control(platform.platform().peach().baseUrl() + "/__sim/peach/checkouts/" + checkoutId + "/outcome", "{}");
        return started.json().get("paymentId").asText() + " " + checkoutId;
    }

    private static String paymentOf(String topUp) {
        return topUp.split(" ")[0];
    }

    private static String checkoutOf(String topUp) {
        return topUp.split(" ")[1];
    }

    private static String outcomeOf(JsonNode run, String paymentId) {
        for (JsonNode line : run.get("lines")) {
            if (paymentId.equals(line.path("paymentId").asText())) {
                return line.path("outcome").asText();
            }
        }
        return "NOT IN THE RUN: " + run;
    }

    private static void control(String url, String body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }
}
