package io.moolah.transaction.rest;

import io.moolah.events.account.AccountEventTypes;
import io.moolah.events.account.WalletStatusChanged;
import io.moolah.localstack.Await;
import io.moolah.localstack.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.moolah.transaction.rest.Ledger.fund;
import static io.moolah.transaction.rest.Ledger.newCustomerOnShard;
import static io.moolah.transaction.rest.Ledger.send;
import static io.moolah.transaction.rest.Ledger.transfer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator procedure that moves a wallet between ledger shards (docs/operations.md "Moving a wallet between
 * shards"): its money, version and history move, nothing is lost, its keys stay replays, it works afterwards from the
 * new shard, and a move stopped part-way by an outage finishes when asked again.
 */
@QuarkusTest
class WalletMoveTest {

    @Test
    void aFrozenWalletMovesWithItsMoneyVersionHistoryAndKeys() {
        var alice = newCustomerOnShard(0);
        var bob = newCustomerOnShard(1);
        var carol = newCustomerOnShard(0);
        fund(alice, 10_000);
        transfer(alice, send(alice, bob, 1_000), UUID.randomUUID().toString()).statusCode(201);
        String carolKey = UUID.randomUUID().toString();
        String toCarol = transfer(alice, send(alice, carol, 500), carolKey).statusCode(201).extract().path("transactionId");
        transfer(bob, send(bob, alice, 200), UUID.randomUUID().toString()).statusCode(201);
        List<String> before = historyIds(alice);
        assertEquals(4, before.size(), before.toString());
        long versionBefore = balance(alice).getLong("version");

        move(alice, 1, "rebalancing shards").statusCode(409).body("code", equalTo("WALLET_NOT_FROZEN"));
        Ledger.freeze(alice);
        move(alice, 1, "rebalancing shards").statusCode(200)
                .body("walletId", equalTo(alice.walletId().toString())).body("fromShard", equalTo(0)).body("toShard", equalTo(1))
                .body("amount", equalTo(8_700)).body("currency", equalTo("ZAR")).body("status", equalTo("DONE"))
                .body("version", equalTo((int) versionBefore + 1));

        assertEquals(1, Ledger.shardOf(alice), "the wallet's account is on shard 1 now, and only there");
        JsonPath moved = balance(alice);
        assertEquals(8_700, moved.getLong("ledgerBalance"));
        assertEquals(versionBefore + 2, moved.getLong("version"), "its version goes on from where it was (Min-Version)");
        assertEquals(before, historyIds(alice), "the same history, and no trace of the move in it");
        assertEquals(before, pagedHistoryIds(alice, 1), "page by page across the two shards");
        auditIsClean();

        // The same request again: it is there already. Hostile requests.
        move(alice, 1, "again").statusCode(409).body("code", equalTo("WALLET_ALREADY_ON_SHARD"));
        move(alice, 7, "nowhere").statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        given().auth().oauth2(TestTokens.operator()).contentType("application/json").body(Map.of("toShard", 0))
                .post("/api/v1/admin/ledger/wallets/" + alice.walletId() + "/move").then().statusCode(400);
        given().auth().oauth2(TestTokens.operator()).contentType("application/json").body(Map.of("toShard", 0, "reason", "x"))
                .post("/api/v1/admin/ledger/wallets/" + UUID.randomUUID() + "/move").then().statusCode(404)
                .body("code", equalTo("WALLET_NOT_FOUND"));
        given().auth().oauth2(alice.token()).contentType("application/json").body(Map.of("toShard", 0, "reason", "x"))
                .post("/api/v1/admin/ledger/wallets/" + alice.walletId() + "/move").then().statusCode(403);
        // An old transaction of the wallet is not reversed onto the account it left.
        AdminTest.reverse(toCarol, "sent in error", UUID.randomUUID().toString()).statusCode(409).body("code", equalTo("WALLET_MOVED"));

        unfreeze(alice);
        // A key used before the move is still a replay, with no second effect.
        transfer(alice, send(alice, carol, 500), carolKey).statusCode(201).body("transactionId", equalTo(toCarol));
        // It sends and receives from its new shard: to carol now between shards, from bob inside shard 1.
        transfer(alice, send(alice, carol, 100), UUID.randomUUID().toString()).statusCode(201).body("status", equalTo("POSTED"));
        transfer(bob, send(bob, alice, 50), UUID.randomUUID().toString()).statusCode(201).body("status", equalTo("POSTED"));
        assertEquals(8_650, balance(alice).getLong("ledgerBalance"));
        assertEquals(6, historyIds(alice).size());
        auditIsClean();
    }

    @Test
    void aMoveStoppedByAnOutageOfTheNewShardFinishesWhenAskedAgain() {
        var dave = newCustomerOnShard(1);
        fund(dave, 4_200);
        Ledger.freeze(dave);
        String shard0 = Ledger.SHARDS.get(0);
        Ledger.executeOn(shard0, """
                create or replace function wallet_move_test_outage() returns trigger language plpgsql as $$
                begin raise exception 'shard 0 is down (test)' using errcode = '08006'; end $$""");
        Ledger.executeOn(shard0, "create trigger wallet_move_test_outage before insert on wallet_history_segment "
                + "for each row execute function wallet_move_test_outage()");
        try {
            move(dave, 0, "rebalancing").statusCode(503).body("code", equalTo("DATABASE_UNAVAILABLE"));
            // The money has left shard 1 and not arrived: in flight, and the audit says so without a discrepancy.
            JsonPath audit = audit();
            assertEquals(1, audit.getInt("currencies[0].inFlightCount"), audit.prettify());
            assertEquals(4_200, audit.getLong("currencies[0].inFlightAmount"), audit.prettify());
            assertEquals(0, audit.getLong("currencies[0].discrepancy"), audit.prettify());
            move(dave, 1, "back").statusCode(409).body("code", equalTo("WALLET_MOVE_IN_PROGRESS"));
        } finally {
            Ledger.executeOn(shard0, "drop trigger wallet_move_test_outage on wallet_history_segment");
        }
        move(dave, 0, "rebalancing").statusCode(200).body("amount", equalTo(4_200)).body("status", equalTo("DONE"));
        assertEquals(0, Ledger.shardOf(dave));
        assertEquals(4_200, balance(dave).getLong("ledgerBalance"));
        assertEquals(1, historyIds(dave).size());
        auditIsClean();
    }

    private static ValidatableResponse move(Ledger.Customer who, int toShard, String reason) {
        return given().auth().oauth2(TestTokens.operator()).contentType("application/json")
                .body(Map.of("toShard", toShard, "reason", reason))
                .post("/api/v1/admin/ledger/wallets/" + who.walletId() + "/move").then();
    }

    private static JsonPath balance(Ledger.Customer who) {
        return given().auth().oauth2(who.token()).get("/api/v1/wallets/" + who.walletId() + "/balance")
                .then().statusCode(200).extract().jsonPath();
    }

    private static List<String> historyIds(Ledger.Customer who) {
        return given().auth().oauth2(who.token()).queryParam("limit", 100).get("/api/v1/wallets/" + who.walletId() + "/transactions")
                .then().statusCode(200).extract().jsonPath().getList("items.transactionId");
    }

    private static List<String> pagedHistoryIds(Ledger.Customer who, int limit) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 50; page++) {
            var request = given().auth().oauth2(who.token()).queryParam("limit", limit);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath body = request.get("/api/v1/wallets/" + who.walletId() + "/transactions").then().statusCode(200)
                    .extract().jsonPath();
            ids.addAll(body.getList("items.transactionId"));
            cursor = body.getString("nextCursor");
            if (cursor == null) {
                return ids;
            }
        }
        throw new AssertionError("more than 50 pages: " + ids);
    }

    private static JsonPath audit() {
        return given().auth().oauth2(TestTokens.operator()).get("/api/v1/admin/ledger/audit").then().statusCode(200)
                .extract().jsonPath();
    }

    private static void auditIsClean() {
        JsonPath audit = audit();
        assertTrue(audit.getBoolean("clean"), audit.prettify());
        assertEquals(0, audit.getInt("currencies[0].inFlightCount"), audit.prettify());
    }

    private static void unfreeze(Ledger.Customer who) {
        Ledger.send(who.walletId(), AccountEventTypes.WALLET_STATUS_CHANGED,
                new WalletStatusChanged(who.walletId(), who.customerId(), "FROZEN", "ACTIVE", "test"));
        Await.until("the unfreeze to be projected", Duration.ofSeconds(30),
                () -> Ledger.count("select count(*) from wallet where status = 'ACTIVE' and wallet_id = '" + who.walletId() + "'")
                        == Ledger.SHARDS.size());
    }
}
