package io.moolah.systemtest;

import io.moolah.localstack.Await;
import io.moolah.localstack.simulators.ZapperSimulator;
import io.moolah.localstack.testing.PlatformExtension;
import io.moolah.localstack.testing.PlatformExtension.RunningPlatform;
import io.moolah.systemtest.Customers.Customer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * QR payments through the gateway against the Zapper simulator and the real ledger: too little money, paid, declined,
 * a Zapper answer lost to a timeout (the merchant was paid), a Zapper failure that recorded nothing. Each ends with
 * its hold captured or voided, never both, never left open, and the wallet and Zapper's clearing account agree.
 */
@ExtendWith(PlatformExtension.class)
class QrPaymentSystemTest {
    private static final long FLOAT = 10_000;

    @Test
    void everyQrPaymentEndsCapturedOrVoidedAndTheMoneyAgrees(RunningPlatform platform) throws Exception {
        GatewayClient client = new GatewayClient(platform.gatewayUrl(), platform.gatewayCertificate());
        Customer customer = Customers.register(client, "Qr Payer");
        Customers.fund(client, platform, customer, FLOAT);
        long clearingBefore = LedgerDatabase.clearingBalance(platform, "ZAPPER");

        // Too little money: refused by the ledger's hold, nothing moves.
        var tooMuch = pay(client, customer, "500.00", 50_000);
        assertEquals(422, tooMuch.status(), tooMuch.body());
        assertEquals("INSUFFICIENT_FUNDS", tooMuch.json().get("code").asText());

        // Paid: the wallet is debited and Zapper's clearing account credited.
        var paid = pay(client, customer, "10.00", 1_000);
        assertEquals(201, paid.status(), paid.body());
        assertEquals("SUCCEEDED", paid.json().get("status").asText());
        assertEquals("Central Perk", paid.json().get("merchantName").asText());

        // Declined by Zapper (amount ending in 51): the hold is voided.
        var declined = pay(client, customer, "12.51", 1_251);
        assertEquals(201, declined.status(), declined.body());
        assertEquals("FAILED", declined.json().get("status").asText());

        // Zapper records the payment but answers too late (ending 54): PENDING, then recovery finds it paid.
        var late = pay(client, customer, "12.54", 1_254);
        assertEquals(202, late.status(), late.body());
        // Zapper fails without recording (ending 55): PENDING, then recovery finds nothing at Zapper and voids.
        var lost = pay(client, customer, "12.55", 1_255);
        assertEquals(202, lost.status(), lost.body());

        String lateId = late.json().get("paymentId").asText();
        String lostId = lost.json().get("paymentId").asText();
        Await.until("recovery to settle both unknown payments", Duration.ofSeconds(40), () ->
                status(client, customer, lateId).equals("SUCCEEDED") && status(client, customer, lostId).equals("FAILED"));

        long spent = 1_000 + 1_254;
        Await.until("the ledger to settle every hold", Duration.ofSeconds(30), () -> {
            var balance = client.get("/wallets/" + customer.walletId() + "/balance", customer.token()).json();
            return balance.get("ledgerBalance").asLong() == FLOAT - spent && balance.get("heldAmount").asLong() == 0;
        });
        assertEquals(clearingBefore + spent, LedgerDatabase.clearingBalance(platform, "ZAPPER"), "Zapper's clearing account got exactly what was paid");
        List<String> holds = LedgerDatabase.holdStatuses(platform, customer.walletId());
        assertEquals(List.of("CAPTURED", "CAPTURED", "VOIDED", "VOIDED"), holds.stream().sorted().toList(),
                "one hold per payment that got that far, each captured or voided: " + holds);
        assertEquals(2, platform.platform().zapper().recorded().stream()
                .filter(p -> p.status().equals("success") && (p.amount() == 1_000 || p.amount() == 1_254)).count(), "each merchant paid once");

        // The same key again answers the same payment and moves nothing more.
        var again = pay(client, customer, "10.00", 1_000, paid.requestKey());
        assertEquals(paid.json().get("paymentId").asText(), again.json().get("paymentId").asText());
    }

    private record Sent(GatewayClient.Reply reply, String requestKey) {
        int status() {
            return reply.status();
        }

        String body() {
            return reply.body();
        }

        com.fasterxml.jackson.databind.JsonNode json() {
            return reply.json();
        }
    }

    private static Sent pay(GatewayClient client, Customer customer, String amount, long cents) {
        return pay(client, customer, amount, cents, UUID.randomUUID().toString());
    }

    private static Sent pay(GatewayClient client, Customer customer, String amount, long cents, String key) {
        String qr = ZapperSimulator.qrCode("817", "463", amount, "Central Perk");
        var reply = client.send("POST", "/qr-payments", GatewayClient.json(Map.of("walletId", customer.walletId(), "qrCode", qr,
                "amount", cents, "currency", "ZAR")), Map.of("Authorization", "Bearer " + customer.token(), "Idempotency-Key", key));
        return new Sent(reply, key);
    }

    private static String status(GatewayClient client, Customer customer, String paymentId) {
        return client.get("/payments/" + paymentId, customer.token()).json().get("status").asText();
    }
}
