package io.moolah.transaction.rest;

import io.moolah.localstack.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.moolah.transaction.rest.Ledger.adjust;
import static io.moolah.transaction.rest.Ledger.balance;
import static io.moolah.transaction.rest.Ledger.count;
import static io.moolah.transaction.rest.Ledger.fund;
import static io.moolah.transaction.rest.Ledger.newCustomer;
import static io.moolah.transaction.rest.Ledger.send;
import static io.moolah.transaction.rest.Ledger.transfer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class AdminTest {

    @Test
    void adjustmentsMoveMoneyAgainstTreasurySuspenseBothWays() {
        var alice = newCustomer();
        long suspenseBefore = suspense();
        adjust(alice.walletId(), 5_000, key()).statusCode(201)
                .body("type", equalTo("ADJUSTMENT")).body("amount", equalTo(5000));
        adjust(alice.walletId(), -1_500, key()).statusCode(201).body("amount", equalTo(-1500));
        assertEquals(3_500, balance(alice));
        assertEquals(suspenseBefore - 3_500, suspense());

        adjust(alice.walletId(), -3_501, key()).statusCode(422).body("code", equalTo("INSUFFICIENT_FUNDS"));
        adjust(alice.walletId(), 0, key()).statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        adjust(UUID.randomUUID(), 10, key()).statusCode(404).body("code", equalTo("WALLET_NOT_FOUND"));
        given().auth().oauth2(TestTokens.operator()).header("Idempotency-Key", key()).contentType("application/json")
                .body(Map.of("walletId", alice.walletId().toString(), "amount", 10, "currency", "ZAR"))
                .post("/api/v1/admin/adjustments").then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        assertEquals(3_500, balance(alice));
    }

    @Test
    void customersCannotReachOperatorEndpoints() {
        var alice = newCustomer();
        given().auth().oauth2(alice.token()).header("Idempotency-Key", key()).contentType("application/json")
                .body(Map.of("walletId", alice.walletId().toString(), "amount", 1_000_000, "currency", "ZAR", "reason", "free money"))
                .post("/api/v1/admin/adjustments").then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        assertEquals(0, balance(alice));
    }

    /** A second operator, as a second member of staff would sign in. */
    static final String SECOND_OPERATOR = TestTokens.mint(UUID.randomUUID(), java.util.List.of(), "operator");

    @Test
    void aReversalWaitsForASecondOperatorThenIsANewBalancedEntryAtMostOnce() {
        var alice = Ledger.newCustomerOnShard(0);
        var bob = Ledger.newCustomerOnShard(0);
        fund(alice, 2_000);
        String transactionId = transfer(alice, send(alice, bob, 700), key()).statusCode(201).extract().path("transactionId");

        String reversalKey = key();
        String approvalId = reverse(transactionId, "sent in error", reversalKey).statusCode(202)
                .body("status", equalTo("PENDING_APPROVAL")).extract().path("approvalId");
        reverse(transactionId, "sent in error", reversalKey).statusCode(202).body("approvalId", equalTo(approvalId));
        assertEquals(1_300, balance(alice), "nothing moves before the approval");
        given().auth().oauth2(TestTokens.operator()).get("/api/v1/admin/approvals").then().statusCode(200)
                .body("items.find { it.approvalId == '" + approvalId + "' }.kind", equalTo("REVERSAL"));

        // The requester cannot approve their own; a customer cannot either.
        approve(TestTokens.operator(), approvalId).statusCode(403).body("code", equalTo("SAME_OPERATOR"));
        approve(alice.token(), approvalId).statusCode(403);
        String reversalId = approve(SECOND_OPERATOR, approvalId).statusCode(201)
                .body("type", equalTo("REVERSAL")).body("reverses", equalTo(transactionId)).body("amount", equalTo(700))
                .extract().path("transactionId");
        approve(SECOND_OPERATOR, approvalId).statusCode(409).body("code", equalTo("APPROVAL_NOT_PENDING"));
        assertEquals(2_000, balance(alice));
        assertEquals(0, balance(bob));

        reverse(transactionId, "sent in error", key()).statusCode(409).body("code", equalTo("ALREADY_REVERSED"));
        reverse(reversalId, "undo the undo", key()).statusCode(409).body("code", equalTo("CANNOT_REVERSE_REVERSAL"));
        assertEquals(1L, count("select count(*) from journal_entry where reverses_id = '" + transactionId + "'"));
        String both = "('" + transactionId + "', '" + reversalId + "')";
        assertEquals(0L, count("select count(*) from (select account_id from posting where entry_id in " + both
                + " group by account_id having sum(amount) <> 0) not_undone"), "every account's postings are undone");
        assertEquals(4L, count("select count(*) from posting where entry_id in " + both));
        assertEquals(1L, count("select count(*) from approval where id = '" + approvalId + "' and status = 'APPROVED'"
                + " and entry_id = '" + reversalId + "' and decided_by is not null"));
    }

    @Test
    void aLargeAdjustmentWaitsForApprovalAndARejectedOneMovesNothing() {
        var alice = newCustomer();
        adjust(alice.walletId(), 1_000_000, key()).statusCode(201);
        String key = key();
        String approvalId = adjust(alice.walletId(), 1_000_001, key).statusCode(202)
                .body("status", equalTo("PENDING_APPROVAL")).extract().path("approvalId");
        adjust(alice.walletId(), 1_000_001, key).statusCode(202).body("approvalId", equalTo(approvalId));
        String rejected = adjust(alice.walletId(), -1_000_001, key()).statusCode(202).extract().path("approvalId");
        assertEquals(1_000_000, balance(alice));

        approve(SECOND_OPERATOR, approvalId).statusCode(201).body("type", equalTo("ADJUSTMENT")).body("amount", equalTo(1_000_001));
        given().auth().oauth2(SECOND_OPERATOR).contentType("application/json").body(Map.of("reason", "no evidence"))
                .post("/api/v1/admin/approvals/" + rejected + "/reject").then().statusCode(200).body("status", equalTo("REJECTED"));
        approve(SECOND_OPERATOR, rejected).statusCode(409).body("code", equalTo("APPROVAL_NOT_PENDING"));
        given().auth().oauth2(SECOND_OPERATOR).contentType("application/json").body(Map.of())
                .post("/api/v1/admin/approvals/" + approvalId + "/reject").then().statusCode(400);
        approve(SECOND_OPERATOR, "nope").statusCode(404).body("code", equalTo("APPROVAL_NOT_FOUND"));
        given().auth().oauth2(SECOND_OPERATOR).get("/api/v1/admin/approvals?status=SOMETIMES").then().statusCode(400);
        assertEquals(2_000_001, balance(alice));
    }

    @Test
    void aTransferBetweenShardsIsReversedOnBothShardsOnce() {
        var alice = Ledger.newCustomerOnShard(0);
        var bob = Ledger.newCustomerOnShard(1);
        fund(alice, 2_000);
        String transactionId = transfer(alice, send(alice, bob, 700), key()).statusCode(201).extract().path("transactionId");
        String approvalId = reverse(transactionId, "sent in error", key()).statusCode(202).extract().path("approvalId");
        approve(SECOND_OPERATOR, approvalId).statusCode(201).body("type", equalTo("REVERSAL"))
                .body("reverses", equalTo(transactionId)).body("amount", equalTo(700));
        assertEquals(0, balance(bob), "taken back where the money was");
        assertEquals(2_000, balance(alice), "and given back on the sender's shard before the answer");
        assertEquals(2L, count("select count(*) from journal_entry where reverses_id = '" + transactionId + "'"),
                "one reversing entry on each shard");
        reverse(transactionId, "again", key()).statusCode(409).body("code", equalTo("ALREADY_REVERSED"));
        io.restassured.path.json.JsonPath audit = given().auth().oauth2(TestTokens.operator()).get("/api/v1/admin/ledger/audit")
                .then().statusCode(200).extract().jsonPath();
        org.junit.jupiter.api.Assertions.assertTrue(audit.getBoolean("clean"), audit.prettify());
    }

    @Test
    void aReversalOfATransferBetweenShardsNeedsTheRecipientToStillHaveTheMoney() {
        var alice = Ledger.newCustomerOnShard(1);
        var bob = Ledger.newCustomerOnShard(0);
        var carol = Ledger.newCustomerOnShard(0);
        fund(alice, 1_000);
        String transactionId = transfer(alice, send(alice, bob, 600), key()).statusCode(201).extract().path("transactionId");
        transfer(bob, send(bob, carol, 500), key()).statusCode(201);
        String approvalId = reverse(transactionId, "sent in error", key()).statusCode(202).extract().path("approvalId");
        approve(SECOND_OPERATOR, approvalId).statusCode(422).body("code", equalTo("INSUFFICIENT_FUNDS"));
        assertEquals(400, balance(alice));
        assertEquals(100, balance(bob));
    }

    @Test
    void aReversalThatWouldMakeAWalletNegativeIsRefusedWhenApproved() {
        var alice = Ledger.newCustomerOnShard(0);
        var bob = Ledger.newCustomerOnShard(0);
        var carol = Ledger.newCustomerOnShard(0);
        fund(alice, 1_000);
        String transactionId = transfer(alice, send(alice, bob, 1_000), key()).statusCode(201).extract().path("transactionId");
        String approvalId = reverse(transactionId, "dispute", key()).statusCode(202).extract().path("approvalId");
        transfer(bob, send(bob, carol, 600), key()).statusCode(201);

        approve(SECOND_OPERATOR, approvalId).statusCode(422).body("code", equalTo("INSUFFICIENT_FUNDS"));
        assertEquals(0, balance(alice));
        assertEquals(400, balance(bob));
        assertEquals(0L, count("select count(*) from journal_entry where reverses_id = '" + transactionId + "'"));
        assertEquals(1L, count("select count(*) from approval where id = '" + approvalId + "' and status = 'PENDING'"));
    }

    static ValidatableResponse approve(String token, String approvalId) {
        return given().auth().oauth2(token).post("/api/v1/admin/approvals/" + approvalId + "/approve").then();
    }

    @Test
    void hostileReversals() {
        reverse(UUID.randomUUID().toString(), "nothing", key()).statusCode(404).body("code", equalTo("TRANSACTION_NOT_FOUND"));
        reverse("not-a-uuid", "nothing", key()).statusCode(404).body("code", equalTo("TRANSACTION_NOT_FOUND"));
        reverse(UUID.randomUUID().toString(), null, key()).statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        given().auth().oauth2(TestTokens.operator()).contentType("application/json").body(Map.of("reason", "x"))
                .post("/api/v1/admin/transactions/" + UUID.randomUUID() + "/reverse").then()
                .statusCode(400).body("code", equalTo("IDEMPOTENCY_KEY_REQUIRED"));
    }

    @Test
    void clearingEntriesOfADayAndHostileDays() {
        given().auth().oauth2(TestTokens.operator()).queryParam("date", "2026-11-25")
                .get("/api/v1/admin/clearing/PEACH/entries").then().statusCode(200).body("date", equalTo("2026-11-25"));
        for (String date : java.util.List.of("+999999999-12-31", "+10000-01-01", "yesterday", "2026-02-30", "")) {
            given().auth().oauth2(TestTokens.operator()).queryParam("date", date)
                    .get("/api/v1/admin/clearing/PEACH/entries").then().statusCode(400)
                    .contentType("application/problem+json").body("code", equalTo("VALIDATION_FAILED"));
        }
        given().auth().oauth2(TestTokens.operator()).queryParam("date", "2026-11-25")
                .get("/api/v1/admin/clearing/NOBODY/entries").then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
    }

    static ValidatableResponse reverse(String transactionId, String reason, String key) {
        var body = new java.util.HashMap<String, Object>();
        if (reason != null) {
            body.put("reason", reason);
        }
        return given().auth().oauth2(TestTokens.operator()).header("Idempotency-Key", key).contentType("application/json")
                .body(body).post("/api/v1/admin/transactions/" + transactionId + "/reverse").then();
    }

    static long suspense() {
        return count("select balance from ledger_account where account_key = 'treasury-suspense:ZAR'");
    }

    static String key() {
        return UUID.randomUUID().toString();
    }
}
