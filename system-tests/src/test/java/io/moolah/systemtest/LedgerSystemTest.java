package io.moolah.systemtest;

import io.moolah.systemtest.Customers.Customer;

import com.fasterxml.jackson.databind.JsonNode;
import io.moolah.localstack.Await;
import io.moolah.localstack.testing.PlatformExtension;
import io.moolah.localstack.testing.PlatformExtension.RunningPlatform;
import io.moolah.localstack.testing.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Money through the gateway, as an app and an operator would move it (issue: the ledger). */
@ExtendWith(PlatformExtension.class)
class LedgerSystemTest {
    @Test
    void anOperatorTopsUpASendsToBByPhoneAndAFrozenWalletRefusesToReceive(RunningPlatform platform) {
        GatewayClient client = new GatewayClient(platform.gatewayUrl(), platform.gatewayCertificate());
        Customer a = Customers.register(client, "Ayanda Zulu");
        Customer b = Customers.register(client, "Bongani Khumalo");
        String operator = Customers.operatorToken(client, platform);

        var topUp = client.send("POST", "/admin/adjustments", GatewayClient.json(Map.of("walletId", a.walletId(),
                        "amount", 10_000, "currency", "ZAR", "reason", "opening float")),
                Map.of("Authorization", "Bearer " + operator, "Idempotency-Key", UUID.randomUUID().toString()));
        assertEquals(201, topUp.status(), topUp.body());

        String key = UUID.randomUUID().toString();
        String transfer = GatewayClient.json(Map.of("fromWalletId", a.walletId(), "toPhoneNumber", "0" + b.phone().substring(3),
                "amount", 2_500, "currency", "ZAR", "reference", "lunch"));
        var sent = client.send("POST", "/transfers", transfer, Map.of("Authorization", "Bearer " + a.token(), "Idempotency-Key", key));
        assertEquals(201, sent.status(), sent.body());
        String transactionId = sent.json().get("transactionId").asText();
        assertEquals(b.walletId(), sent.json().get("toWalletId").asText());

        var replay = client.send("POST", "/transfers", transfer, Map.of("Authorization", "Bearer " + a.token(), "Idempotency-Key", key));
        assertEquals(201, replay.status(), replay.body());
        assertEquals(transactionId, replay.json().get("transactionId").asText(), "the replay returns the same transaction");
        assertEquals("true", replay.header("Idempotent-Replayed"));

        // Reads go through the cache-service: the sender passes the version its transfer returned (read-your-writes);
        // the receiver's view follows transaction.events, so it is awaited (bounded).
        long aVersion = replay.json().get("version").asLong();
        assertBalance(client, a, 7_500, aVersion);
        Await.until("B's balance to reach 2500", Duration.ofSeconds(30), () -> balanceOf(client, b) == 2_500);
        JsonNode aItems = history(client, a, aVersion);
        JsonNode bItems = history(client, b, 0);
        assertEquals(2, aItems.size(), aItems.toString());
        assertEquals(1, bItems.size(), bItems.toString());
        assertEquals(transactionId, aItems.get(0).get("transactionId").asText());
        assertEquals(transactionId, bItems.get(0).get("transactionId").asText());
        assertEquals("DEBIT", aItems.get(0).get("direction").asText());
        assertEquals("CREDIT", bItems.get(0).get("direction").asText());
        assertEquals(7_500, aItems.get(0).get("balanceAfter").asLong());
        assertEquals(2_500, bItems.get(0).get("balanceAfter").asLong());
        assertEquals(b.walletId(), aItems.get(0).get("counterparty").asText());
        assertEquals(a.walletId(), bItems.get(0).get("counterparty").asText());
        assertEquals("ADJUSTMENT", aItems.get(1).get("type").asText());

        List<ConsumerRecord<String, String>> posted = TopicReader.readUntil(platform.kafkaBootstrapServers(), "transaction.events",
                r -> b.walletId().equals(r.key()) && r.value().contains(transactionId), Duration.ofSeconds(60));
        assertTrue(posted.get(posted.size() - 1).value().contains("\"ledgerBalance\":2500"), posted.get(posted.size() - 1).value());

        var frozen = client.post("/admin/wallets/" + b.walletId() + "/freeze", Map.of("reason", "suspected fraud"), operator);
        assertEquals(200, frozen.status(), frozen.body());
        // The ledger learns of the freeze from account.events: wait (bounded) until it refuses, and never let money through.
        // A transfer accepted before the ledger knew is either POSTED, or (A and B on different ledger shards, B's
        // shard knowing first) RETURNED to A; a PENDING one is asked again with its key until it has ended.
        GatewayClient.Reply[] last = new GatewayClient.Reply[1];
        java.util.List<String> accepted = new java.util.ArrayList<>();
        Map<String, String> payloads = new java.util.HashMap<>();
        Await.until("the ledger to refuse sending to the frozen wallet", Duration.ofSeconds(30), () -> {
            String retryKey = UUID.randomUUID().toString();
            String payload = GatewayClient.json(Map.of("fromWalletId", a.walletId(), "toWalletId", b.walletId(),
                    "amount", 1, "currency", "ZAR"));
            last[0] = client.send("POST", "/transfers", payload, Map.of("Authorization", "Bearer " + a.token(), "Idempotency-Key", retryKey));
            assertTrue(last[0].status() == 422 || last[0].status() == 201, last[0].body());
            if (last[0].status() == 201) {
                accepted.add(retryKey);
                payloads.put(retryKey, payload);
            }
            return last[0].status() == 422;
        });
        assertEquals("RECIPIENT_WALLET_NOT_ACTIVE", last[0].json().get("code").asText());
        long[] postedCount = new long[1];
        Await.until("the accepted transfers to end", Duration.ofSeconds(30), () -> {
            postedCount[0] = 0;
            for (String acceptedKey : accepted) {
                var ended = client.send("POST", "/transfers", payloads.get(acceptedKey),
                        Map.of("Authorization", "Bearer " + a.token(), "Idempotency-Key", acceptedKey));
                assertEquals(201, ended.status(), ended.body());
                String status = ended.json().get("status").asText();
                if (status.equals("PENDING")) {
                    return false;
                }
                assertTrue(status.equals("POSTED") || status.equals("RETURNED"), ended.body());
                postedCount[0] += status.equals("POSTED") ? 1 : 0;
            }
            return true;
        });
        long slippedThrough = postedCount[0];
        Await.until("balances to settle", Duration.ofSeconds(30), () -> balanceOf(client, a) == 7_500 - slippedThrough
                && balanceOf(client, b) == 2_500 + slippedThrough);
    }

    private static long balanceOf(GatewayClient client, Customer who) {
        var balance = client.get("/wallets/" + who.walletId() + "/balance", who.token());
        assertEquals(200, balance.status(), balance.body());
        return balance.json().get("ledgerBalance").asLong();
    }

    /** What ./moolah audit prints, against this platform after everything the system tests moved so far. */
    @Test
    void theLedgerAuditFindsTheWholeLedgerClean(RunningPlatform platform, @org.junit.jupiter.api.io.TempDir java.nio.file.Path run)
            throws Exception {
        GatewayClient client = new GatewayClient(platform.gatewayUrl(), platform.gatewayCertificate());
        Customer a = Customers.register(client, "Audit Sender");
        Customer b = Customers.register(client, "Audit Receiver");
        String operator = Customers.operatorToken(client, platform);
        Customers.fund(client, platform, a, 3_000);
        var sent = client.send("POST", "/transfers", GatewayClient.json(Map.of("fromWalletId", a.walletId(),
                        "toWalletId", b.walletId(), "amount", 1_200, "currency", "ZAR", "reference", "audit")),
                Map.of("Authorization", "Bearer " + a.token(), "Idempotency-Key", UUID.randomUUID().toString()));
        assertEquals(201, sent.status(), sent.body());

        // The command signs in by itself when it has no token; here it is given the test's, as the account-service
        // takes each one-time code once and the tests' other sign-ins share this operator.
        java.nio.file.Files.writeString(run.resolve("operator.token"), operator);
        var printed = new java.io.ByteArrayOutputStream();
        int exit = new io.moolah.localstack.LedgerAuditCommand(platform.gatewayUrl(), platform.gatewayCertificate(), run,
                new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8)).run();
        String report = printed.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, exit, report);
        assertTrue(report.contains(": CLEAN"), report);
        assertTrue(report.contains("ZAR  balances 0,") && report.contains("discrepancy 0"), report);
        assertTrue(report.contains("shard 0  ") && report.contains("shard 1  "), "./moolah up runs two ledger shards: " + report);
        assertTrue(report.contains("unbalanced entries 0, accounts off their postings 0, negative wallets 0"), report);

        var refused = client.send("GET", "/admin/ledger/audit", null, Map.of("Authorization", "Bearer " + a.token()));
        assertEquals(403, refused.status(), refused.body());
    }

    /** docs/operations.md "Moving a wallet between shards", through the gateway, as an operator would do it. */
    @Test
    void anOperatorMovesAWalletToTheOtherShardAndItsOwnerSeesNothingChange(RunningPlatform platform) throws Exception {
        GatewayClient client = new GatewayClient(platform.gatewayUrl(), platform.gatewayCertificate());
        Customer a = Customers.register(client, "Moving Mbali");
        Customer b = Customers.register(client, "Staying Sipho");
        String operator = Customers.operatorToken(client, platform);
        Customers.fund(client, platform, a, 5_000);
        String key = UUID.randomUUID().toString();
        String transfer = GatewayClient.json(Map.of("fromWalletId", a.walletId(), "toWalletId", b.walletId(), "amount", 1_200,
                "currency", "ZAR", "reference", "before the move"));
        var sent = client.send("POST", "/transfers", transfer, Map.of("Authorization", "Bearer " + a.token(), "Idempotency-Key", key));
        assertEquals(201, sent.status(), sent.body());
        long version = sent.json().get("version").asLong();
        List<String> before = ids(history(client, a, version));
        int from = LedgerDatabase.shardOf(platform, a.walletId()).orElseThrow();
        int to = 1 - from;

        var frozen = client.post("/admin/wallets/" + a.walletId() + "/freeze", Map.of("reason", "moving shards"), operator);
        assertEquals(200, frozen.status(), frozen.body());
        GatewayClient.Reply[] moved = new GatewayClient.Reply[1];
        // The ledger learns of the freeze from account.events: until then the move is refused, and nothing moves.
        Await.until("the move once the ledger knows the wallet is frozen", Duration.ofSeconds(30), () -> {
            moved[0] = client.post("/admin/ledger/wallets/" + a.walletId() + "/move", Map.of("toShard", to, "reason", "rebalancing"),
                    operator);
            assertTrue(moved[0].status() == 200 || moved[0].body().contains("WALLET_NOT_FROZEN"), moved[0].body());
            return moved[0].status() == 200;
        });
        assertEquals("DONE", moved[0].json().get("status").asText());
        assertEquals(3_800, moved[0].json().get("amount").asLong());
        assertEquals(to, LedgerDatabase.shardOf(platform, a.walletId()).orElseThrow());

        var unfrozen = client.post("/admin/wallets/" + a.walletId() + "/unfreeze", Map.of("reason", "moved"), operator);
        assertEquals(200, unfrozen.status(), unfrozen.body());
        GatewayClient.Reply[] after = new GatewayClient.Reply[1];
        String afterTransfer = GatewayClient.json(Map.of("fromWalletId", a.walletId(), "toWalletId", b.walletId(), "amount", 100,
                "currency", "ZAR", "reference", "after the move"));
        Await.until("a transfer from the moved wallet once it is active again", Duration.ofSeconds(30), () -> {
            after[0] = client.send("POST", "/transfers", afterTransfer,
                    Map.of("Authorization", "Bearer " + a.token(), "Idempotency-Key", UUID.randomUUID().toString()));
            assertTrue(after[0].status() == 201 || after[0].status() == 422, after[0].body());
            return after[0].status() == 201;
        });
        long afterVersion = after[0].json().get("version").asLong();
        assertTrue(afterVersion > version + 1, "the version goes on from where it was: " + version + " then " + afterVersion);
        assertBalance(client, a, 3_700, afterVersion);
        List<String> now = ids(history(client, a, afterVersion));
        assertEquals(after[0].json().get("transactionId").asText(), now.get(0));
        assertEquals(before, now.subList(1, now.size()), "the history from before the move, and nothing of the move itself");

        var replay = client.send("POST", "/transfers", transfer, Map.of("Authorization", "Bearer " + a.token(), "Idempotency-Key", key));
        assertEquals(201, replay.status(), replay.body());
        assertEquals(sent.json().get("transactionId").asText(), replay.json().get("transactionId").asText());
        assertEquals("true", replay.header("Idempotent-Replayed"));

        var audit = client.send("GET", "/admin/ledger/audit", null, Map.of("Authorization", "Bearer " + operator));
        assertEquals(200, audit.status(), audit.body());
        assertTrue(audit.json().get("clean").asBoolean(), audit.body());
    }

    private static List<String> ids(JsonNode items) {
        List<String> ids = new java.util.ArrayList<>();
        items.forEach(item -> ids.add(item.get("transactionId").asText()));
        return ids;
    }

    private static void assertBalance(GatewayClient client, Customer who, long expected, long minVersion) {
        var balance = client.send("GET", "/wallets/" + who.walletId() + "/balance", null,
                Map.of("Authorization", "Bearer " + who.token(), "Min-Version", String.valueOf(minVersion)));
        assertEquals(200, balance.status(), balance.body());
        assertEquals(expected, balance.json().get("ledgerBalance").asLong(), balance.body());
        assertEquals(expected, balance.json().get("availableBalance").asLong(), balance.body());
    }

    private static JsonNode history(GatewayClient client, Customer who, long minVersion) {
        var page = client.send("GET", "/wallets/" + who.walletId() + "/transactions", null,
                Map.of("Authorization", "Bearer " + who.token(), "Min-Version", String.valueOf(minVersion)));
        assertEquals(200, page.status(), page.body());
        return page.json().get("items");
    }
}
