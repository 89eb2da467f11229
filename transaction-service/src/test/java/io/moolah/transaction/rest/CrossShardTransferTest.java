package io.moolah.transaction.rest;

import io.moolah.localstack.Await;
import io.moolah.localstack.testing.TestTokens;
import io.moolah.transaction.service.Idempotency;
import io.moolah.transaction.service.TransferBatch;
import io.moolah.transaction.service.TransferOrder;
import io.moolah.transaction.shard.LedgerShards;
import io.moolah.transaction.shard.ShardScope;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.moolah.transaction.rest.Ledger.balance;
import static io.moolah.transaction.rest.Ledger.count;
import static io.moolah.transaction.rest.Ledger.executeOn;
import static io.moolah.transaction.rest.Ledger.fund;
import static io.moolah.transaction.rest.Ledger.newCustomerOnShard;
import static io.moolah.transaction.rest.Ledger.send;
import static io.moolah.transaction.rest.Ledger.shardOf;
import static io.moolah.transaction.rest.Ledger.transfer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Transfers between wallets on different shards (docs/sharding.md): the sender's shard debits the sender into its
 * clearing account for the recipient's shard, the recipient's shard credits the recipient from its clearing account for
 * the sender's, exactly once whether the fast path or the events get there, and money the recipient's shard refuses
 * comes back. The books of each shard balance on their own and the audit adds them up to zero.
 */
@QuarkusTest
class CrossShardTransferTest {

    @Inject
    TransferBatch batch;

    @Inject
    LedgerShards shards;

    @Test
    void aTransferToAnotherShardIsPostedAtOnceOnBothWithOneEntryEach() {
        var alice = newCustomerOnShard(0);
        var bob = newCustomerOnShard(1);
        assertEquals(0, shardOf(alice));
        assertEquals(1, shardOf(bob));
        fund(alice, 10_000);
        String key = UUID.randomUUID().toString();

        String id = transfer(alice, send(alice, bob, 2_500), key).statusCode(201).body("status", equalTo("POSTED"))
                .body("toWalletId", equalTo(bob.walletId().toString())).extract().path("transactionId");
        assertEquals(7_500, balance(alice));
        assertEquals(2_500, balance(bob), "the recipient's shard took it before the answer");

        // The same key: the same transfer, not a second one.
        transfer(alice, send(alice, bob, 2_500), key).statusCode(201).header("Idempotent-Replayed", "true")
                .body("transactionId", equalTo(id)).body("status", equalTo("POSTED"));
        assertEquals(7_500, balance(alice));
        assertEquals(1L, count("select count(*) from journal_entry where external_ref = 'xfer-in:" + id + "'"));
        assertEquals(1L, count("select count(*) from cross_shard_transfer where id = '" + id + "' and status = 'POSTED'"));
        // Both histories show it, each with the other wallet as counterparty.
        given().auth().oauth2(bob.token()).get("/api/v1/wallets/" + bob.walletId() + "/transactions").then().statusCode(200)
                .body("items[0].amount", equalTo(2500)).body("items[0].counterparty", equalTo(alice.walletId().toString()))
                .body("items[0].transactionId", equalTo(id)).body("items[0].type", equalTo("TRANSFER"));
        given().auth().oauth2(alice.token()).get("/api/v1/wallets/" + alice.walletId() + "/transactions").then().statusCode(200)
                .body("items[0].amount", equalTo(2500)).body("items[0].direction", equalTo("DEBIT"))
                .body("items[0].counterparty", equalTo(bob.walletId().toString()));
        assertAuditClean();
    }

    @Test
    void byPhoneNumberTheRecipientIsFoundOnItsShard() {
        var carol = newCustomerOnShard(1);
        var dan = newCustomerOnShard(0);
        fund(carol, 5_000);
        transfer(carol, Map.of("fromWalletId", carol.walletId().toString(), "toPhoneNumber", dan.phone(), "amount", 1_200,
                "currency", "ZAR"), UUID.randomUUID().toString()).statusCode(201).body("status", equalTo("POSTED"))
                .body("toWalletId", equalTo(dan.walletId().toString()));
        assertEquals(3_800, balance(carol));
        assertEquals(1_200, balance(dan));
    }

    @Test
    void whatTheRecipientsShardCanJudgeIsRefusedBeforeAnythingMoves() {
        var erin = newCustomerOnShard(0);
        var frank = newCustomerOnShard(1, new io.moolah.events.account.Limits(100_000_000L, 500_000_000L, 3_000L));
        fund(erin, 10_000);
        fund(frank, 2_000);
        transfer(erin, send(erin, frank, 1_500), UUID.randomUUID().toString()).statusCode(422)
                .body("code", equalTo("RECIPIENT_BALANCE_LIMIT"));
        var grace = newCustomerOnShard(1);
        Ledger.freeze(grace);
        transfer(erin, send(erin, grace, 100), UUID.randomUUID().toString()).statusCode(422)
                .body("code", equalTo("RECIPIENT_WALLET_NOT_ACTIVE"));
        assertEquals(10_000, balance(erin), "nothing left the sender");
        assertEquals(0L, count("select count(*) from cross_shard_transfer where from_wallet_id = '" + erin.walletId() + "'"));
    }

    @Test
    void moneyTheRecipientsShardRefusesComesBackAndTheAnswerSaysSo() {
        var heidi = newCustomerOnShard(0);
        var ivan = newCustomerOnShard(1);
        fund(heidi, 4_000);
        // Frozen where its money is, but not yet in the sender's shard's projection (an event on its way).
        executeOn(Ledger.SHARDS.get(1), "update wallet set status = 'FROZEN' where wallet_id = '" + ivan.walletId() + "'");
        String key = UUID.randomUUID().toString();
        String id = transfer(heidi, send(heidi, ivan, 1_000), key).statusCode(201).body("status", equalTo("RETURNED"))
                .extract().path("transactionId");
        assertEquals(4_000, balance(heidi), "the amount came back");
        assertEquals(0, balance(ivan));
        transfer(heidi, send(heidi, ivan, 1_000), key).statusCode(201).body("status", equalTo("RETURNED"))
                .body("transactionId", equalTo(id));
        assertEquals(1L, count("select count(*) from journal_entry where reverses_id = '" + id + "'"), "returned once");
        assertEquals(0L, count("select count(*) from journal_entry where external_ref = 'xfer-in:" + id + "'"));
        assertEquals(1L, count("select count(*) from cross_shard_receipt where transfer_id = '" + id + "' and outcome = 'REFUSED'"
                + " and reason = 'RECIPIENT_WALLET_NOT_ACTIVE'"));
        assertAuditClean();
    }

    @Test
    void withoutTheFastPathTheEventsCompleteTheTransferExactlyOnce() {
        var judy = newCustomerOnShard(1);
        var ken = newCustomerOnShard(0);
        fund(judy, 3_000);
        String key = UUID.randomUUID().toString();
        Idempotency.Claim claim = Idempotency.Claim.of("transfer:" + judy.customerId(), key,
                String.join("|", judy.walletId().toString(), ken.walletId().toString(), "null", "700", "ZAR", "null"));
        // Only step one, as a process killed right after its batch committed would leave it.
        List<TransferBatch.Settled> settled = ShardScope.on(shards.shard(1), () -> batch.post(List.of(new TransferOrder(
                judy.customerId(), claim, judy.walletId(), ken.walletId(), null, 700, "ZAR", null))));
        assertEquals(201, settled.get(0).outcome().status());
        assertTrue(settled.get(0).outcome().body().contains("\"status\":\"PENDING\""), settled.get(0).outcome().body());
        String id = settled.get(0).sent().event().transferId().toString();

        Await.until("the events to credit the recipient", Duration.ofSeconds(30), () -> balance(ken) == 700);
        Await.until("the events to settle the sender's side", Duration.ofSeconds(30),
                () -> count("select count(*) from cross_shard_transfer where id = '" + id + "' and status = 'POSTED'") == 1);
        assertEquals(2_300, balance(judy));
        // The client asking again with its key now learns how it ended.
        transfer(judy, Map.of("fromWalletId", judy.walletId().toString(), "toWalletId", ken.walletId().toString(), "amount", 700,
                "currency", "ZAR"), key).statusCode(201).body("transactionId", equalTo(id)).body("status", equalTo("POSTED"));
        assertEquals(1L, count("select count(*) from journal_entry where external_ref = 'xfer-in:" + id + "'"));
        assertEquals(1L, count("select count(*) from cross_shard_receipt where transfer_id = '" + id + "'"));
        assertAuditClean();
    }

    private static void assertAuditClean() {
        JsonPath audit = given().auth().oauth2(TestTokens.operator()).get("/api/v1/admin/ledger/audit").then().statusCode(200)
                .extract().jsonPath();
        assertTrue(audit.getBoolean("clean"), audit.prettify());
        assertEquals(0L, audit.getLong("currencies.find { it.currency == 'ZAR' }.discrepancy"));
    }
}
