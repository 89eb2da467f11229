package io.moolah.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.moolah.localstack.OperatorCredentials;
import io.moolah.localstack.testing.PlatformExtension;
import io.moolah.localstack.testing.PlatformExtension.RunningPlatform;
import io.moolah.systemtest.Customers.Customer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Operators are staff (issue 15, point 5), through the gateway only: they sign in with passphrase and one-time code,
 * never at the customers' login; a reversal and a large adjustment wait for a second operator, never the requester;
 * the audit logs show all of it.
 */
@ExtendWith(PlatformExtension.class)
class OperatorsSystemTest {

    @Test
    void fourEyesOnReversalsAndLargeAdjustmentsWithEveryStepAudited(RunningPlatform platform) {
        GatewayClient client = new GatewayClient(platform.gatewayUrl(), platform.gatewayCertificate());
        OperatorCredentials first = platform.operators().get(0);
        String requester = Customers.operatorToken(client, platform, 0);
        String approver = Customers.operatorToken(client, platform, 1);

        // The customers' login knows no operator, whatever is typed there.
        var asCustomer = client.post("/auth/login", Map.of("phoneNumber", first.id().toString(), "pin", first.passphrase()));
        assertNotEquals(200, asCustomer.status(), asCustomer.body());
        assertTrue(asCustomer.status() >= 400 && asCustomer.status() < 500, asCustomer.body());
        var wrongCode = client.post("/admin/auth/login", Map.of("operatorId", first.id().toString(),
                "passphrase", first.passphrase(), "otp", "000000".equals(first.otp(java.time.Instant.now())) ? "111111" : "000000"));
        assertEquals(401, wrongCode.status(), wrongCode.body());

        Customer sender = Customers.register(client, "Nomsa Dlamini");
        Customer receiver = Customers.register(client, "Pieter van Wyk");
        assertEquals(201, adjust(client, requester, sender, 5_000).status());
        var sent = client.send("POST", "/transfers", GatewayClient.json(Map.of("fromWalletId", sender.walletId(),
                        "toWalletId", receiver.walletId(), "amount", 700, "currency", "ZAR", "reference", "wrong person")),
                Map.of("Authorization", "Bearer " + sender.token(), "Idempotency-Key", UUID.randomUUID().toString()));
        assertEquals(201, sent.status(), sent.body());
        String transactionId = sent.json().get("transactionId").asText();

        // A reversal waits for a second operator.
        var reversal = client.send("POST", "/admin/transactions/" + transactionId + "/reverse",
                GatewayClient.json(Map.of("reason", "sent to the wrong person")),
                Map.of("Authorization", "Bearer " + requester, "Idempotency-Key", UUID.randomUUID().toString()));
        assertEquals(202, reversal.status(), reversal.body());
        assertEquals("PENDING_APPROVAL", reversal.json().get("status").asText());
        String reversalApproval = reversal.json().get("approvalId").asText();
        assertEquals(403, approve(client, requester, reversalApproval).status(), "the requester cannot approve their own");
        assertEquals("SAME_OPERATOR", approve(client, requester, reversalApproval).json().get("code").asText());
        var reversed = approve(client, approver, reversalApproval);
        assertEquals(201, reversed.status(), reversed.body());
        assertEquals("REVERSAL", reversed.json().get("type").asText());
        assertEquals(transactionId, reversed.json().get("reverses").asText());

        // So does an adjustment above the approval amount (R10,000.00).
        var large = adjust(client, requester, receiver, 2_000_000);
        assertEquals(202, large.status(), large.body());
        String adjustmentApproval = large.json().get("approvalId").asText();
        assertEquals(403, approve(client, requester, adjustmentApproval).status());
        var adjusted = approve(client, approver, adjustmentApproval);
        assertEquals(201, adjusted.status(), adjusted.body());
        assertEquals(2_000_000, adjusted.json().get("amount").asLong());
        var pending = client.get("/admin/approvals?status=PENDING", approver);
        assertEquals(200, pending.status(), pending.body());
        for (JsonNode item : pending.json().get("items")) {
            assertNotEquals(reversalApproval, item.get("approvalId").asText());
        }

        // The ledger's audit: who asked, who was refused, who approved; the accounts' audit: both sign-ins.
        var ledgerAudit = client.get("/admin/audit/ledger?limit=200", approver);
        assertEquals(200, ledgerAudit.status(), ledgerAudit.body());
        List<String> lines = new ArrayList<>();
        for (JsonNode entry : ledgerAudit.json().get("items")) {
            lines.add(entry.get("operatorId").asText() + " " + entry.get("action").asText() + " " + entry.get("outcome").asText());
            assertTrue(entry.hasNonNull("requestId") && entry.hasNonNull("at"), entry.toString());
        }
        String requesterId = platform.operators().get(0).id().toString();
        String approverId = platform.operators().get(1).id().toString();
        assertTrue(lines.contains(requesterId + " POST /api/v1/admin/transactions/" + transactionId + "/reverse 202"), lines.toString());
        assertTrue(lines.contains(requesterId + " POST /api/v1/admin/approvals/" + reversalApproval + "/approve 403"), lines.toString());
        assertTrue(lines.contains(approverId + " POST /api/v1/admin/approvals/" + reversalApproval + "/approve 201"), lines.toString());
        assertTrue(lines.contains(requesterId + " POST /api/v1/admin/adjustments 202"), lines.toString());
        assertTrue(lines.contains(approverId + " POST /api/v1/admin/approvals/" + adjustmentApproval + "/approve 201"), lines.toString());
        var accountsAudit = client.get("/admin/audit/accounts?limit=200", approver);
        assertEquals(200, accountsAudit.status(), accountsAudit.body());
        List<String> signIns = new ArrayList<>();
        for (JsonNode entry : accountsAudit.json().get("items")) {
            signIns.add(entry.get("operatorId").asText() + " " + entry.get("action").asText() + " " + entry.get("outcome").asText());
        }
        assertTrue(signIns.contains(requesterId + " operator sign-in SIGNED_IN"), signIns.toString());
        assertTrue(signIns.contains(approverId + " operator sign-in SIGNED_IN"), signIns.toString());
        assertTrue(signIns.contains(requesterId + " operator sign-in REFUSED"), signIns.toString());
        assertEquals(403, client.get("/admin/audit/ledger", sender.token()).status(), "customers do not read the audit");
    }

    private static GatewayClient.Reply adjust(GatewayClient client, String operator, Customer who, long amount) {
        return client.send("POST", "/admin/adjustments", GatewayClient.json(Map.of("walletId", who.walletId(),
                        "amount", amount, "currency", "ZAR", "reason", "test")),
                Map.of("Authorization", "Bearer " + operator, "Idempotency-Key", UUID.randomUUID().toString()));
    }

    private static GatewayClient.Reply approve(GatewayClient client, String operator, String approvalId) {
        return client.send("POST", "/admin/approvals/" + approvalId + "/approve", "", Map.of("Authorization", "Bearer " + operator));
    }
}
