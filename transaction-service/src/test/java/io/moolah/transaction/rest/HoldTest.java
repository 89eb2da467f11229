package io.moolah.transaction.rest;

import io.moolah.localstack.Await;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static io.moolah.transaction.rest.Ledger.count;
import static io.moolah.transaction.rest.Ledger.fund;
import static io.moolah.transaction.rest.Ledger.newCustomer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class HoldTest {

    @Test
    void aPlacedHoldReducesTheAvailableBalanceAndAPartCaptureReleasesTheRest() {
        var alice = newCustomer();
        fund(alice, 10_000);
        String holdId = place(alice, 3_000, Instant.now().plusSeconds(600), key()).statusCode(201)
                .body("status", equalTo("OPEN")).body("amount", equalTo(3000)).extract().path("holdId");
        assertBalances(alice, 10_000, 3_000);

        String transactionId = capture(alice, holdId, Map.of("amount", 1_200), key()).statusCode(200)
                .body("status", equalTo("CAPTURED")).body("capturedAmount", equalTo(1200))
                .body("transactionId", notNullValue()).extract().path("transactionId");
        assertBalances(alice, 8_800, 0);
        assertEquals(1L, count("select count(*) from journal_entry where type = 'HOLD_CAPTURE' and id = '" + transactionId + "'"));
        assertEquals(1L, Ledger.events("HoldCaptured", holdId, 1));

        capture(alice, holdId, Map.of(), key()).statusCode(409).body("code", equalTo("HOLD_NOT_OPEN"));
        given().auth().oauth2(alice.token()).post("/api/v1/holds/" + holdId + "/void").then()
                .statusCode(409).body("code", equalTo("HOLD_NOT_OPEN"));
        assertBalances(alice, 8_800, 0);
    }

    @Test
    void aCaptureWithoutAnAmountTakesTheWholeHoldAndAReplayDoesNotTakeItTwice() {
        var alice = newCustomer();
        fund(alice, 5_000);
        String holdId = place(alice, 2_000, Instant.now().plusSeconds(600), key()).statusCode(201).extract().path("holdId");
        String captureKey = key();
        String first = capture(alice, holdId, null, captureKey).statusCode(200).extract().path("transactionId");
        String again = capture(alice, holdId, null, captureKey).statusCode(200)
                .header("Idempotent-Replayed", "true").extract().path("transactionId");
        assertEquals(first, again);
        assertBalances(alice, 3_000, 0);
    }

    @Test
    void aVoidReleasesEverythingAndIsSafeToRepeat() {
        var alice = newCustomer();
        fund(alice, 5_000);
        String holdId = place(alice, 5_000, Instant.now().plusSeconds(600), key()).statusCode(201).extract().path("holdId");
        assertBalances(alice, 5_000, 5_000);
        var bob = newCustomer();
        Ledger.transfer(alice, Ledger.send(alice, bob, 1), key()).statusCode(422).body("code", equalTo("INSUFFICIENT_FUNDS"));

        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(alice.token()).post("/api/v1/holds/" + holdId + "/void").then()
                    .statusCode(200).body("status", equalTo("VOIDED"));
        }
        assertBalances(alice, 5_000, 0);
        capture(alice, holdId, null, key()).statusCode(409).body("code", equalTo("HOLD_NOT_OPEN"));
    }

    @Test
    void anExpiredHoldIsReleasedByTheJobAndALateCaptureFailsCleanly() {
        var alice = newCustomer();
        fund(alice, 5_000);
        String holdId = place(alice, 4_000, Instant.now().plusSeconds(2), key()).statusCode(201).extract().path("holdId");
        assertBalances(alice, 5_000, 4_000);

        Await.until("the hold to expire", Duration.ofSeconds(30),
                () -> count("select count(*) from hold where status = 'EXPIRED' and id = '" + holdId + "'") == 1);
        assertBalances(alice, 5_000, 0);
        capture(alice, holdId, null, key()).statusCode(409).body("code", equalTo("HOLD_EXPIRED"));
        assertBalances(alice, 5_000, 0);
        assertEquals(1L, Ledger.events("HoldExpired", holdId, 1));
    }

    @Test
    void holdsRefuseWhatTheWalletCannotCover() {
        var alice = newCustomer();
        fund(alice, 1_000);
        place(alice, 1_001, Instant.now().plusSeconds(600), key()).statusCode(422).body("code", equalTo("INSUFFICIENT_FUNDS"));
        String holdId = place(alice, 600, Instant.now().plusSeconds(600), key()).statusCode(201).extract().path("holdId");
        place(alice, 401, Instant.now().plusSeconds(600), key()).statusCode(422).body("code", equalTo("INSUFFICIENT_FUNDS"));
        capture(alice, holdId, Map.of("amount", 601), key()).statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        assertBalances(alice, 1_000, 600);
    }

    @Test
    void customersCannotUsePaymentReferencesAndOperatorsCannotHold() {
        var alice = newCustomer();
        fund(alice, 1_000);
        String expires = Instant.now().plusSeconds(600).toString();
        // A 1-cent hold named after someone's refund would block that refund forever (one hold per reference).
        for (String reserved : java.util.List.of("refund:" + UUID.randomUUID(), "qr:" + UUID.randomUUID(), "QR:x", " Refund:1")) {
            place(alice, alice, 1, expires, reserved, key()).statusCode(400).body("code", equalTo("RESERVED_REFERENCE"));
        }
        String holdId = place(alice, 300, Instant.now().plusSeconds(600), key()).statusCode(201).extract().path("holdId");

        // An operator moves money by adjustment and reversal under approval, never by holding and capturing.
        String operator = io.moolah.localstack.testing.TestTokens.operator();
        given().auth().oauth2(operator).header("Idempotency-Key", key()).contentType("application/json")
                .body(Map.of("walletId", alice.walletId().toString(), "amount", 500, "currency", "ZAR",
                        "reference", "x", "expiresAt", expires))
                .post("/api/v1/holds").then().statusCode(403).body("code", equalTo("OPERATOR_CANNOT_HOLD"));
        given().auth().oauth2(operator).header("Idempotency-Key", key())
                .post("/api/v1/holds/" + holdId + "/capture").then().statusCode(403).body("code", equalTo("OPERATOR_CANNOT_HOLD"));
        given().auth().oauth2(operator).post("/api/v1/holds/" + holdId + "/void").then()
                .statusCode(403).body("code", equalTo("OPERATOR_CANNOT_HOLD"));
        assertBalances(alice, 1_000, 300);
        assertEquals(0L, count("select count(*) from hold where wallet_id = '" + alice.walletId() + "' and status <> 'OPEN'"));
    }

    @Test
    void openHoldsCountTowardTheSendLimitsSoCapturesCannotPassThem() {
        var alice = newCustomer(new io.moolah.events.account.Limits(100_000, 300_000, 10_000_000));
        var bob = newCustomer();
        fund(alice, 400_000);
        String expires = Instant.now().plusSeconds(600).toString();
        String first = place(alice, alice, 90_000, expires, key()).statusCode(201).extract().path("holdId");
        place(alice, alice, 10_001, expires, key()).statusCode(422).body("code", equalTo("DAILY_LIMIT_EXCEEDED"));
        Ledger.transfer(alice, Ledger.send(alice, bob, 10_001), key()).statusCode(422).body("code", equalTo("DAILY_LIMIT_EXCEEDED"));
        String second = place(alice, alice, 10_000, expires, key()).statusCode(201).extract().path("holdId");
        capture(alice, first, null, key()).statusCode(200);
        capture(alice, second, Map.of("amount", 4_000), key()).statusCode(200);
        // 94,000 sent today and nothing held: 6,000 is what is left of the day's 100,000.
        place(alice, alice, 6_001, expires, key()).statusCode(422).body("code", equalTo("DAILY_LIMIT_EXCEEDED"));
        place(alice, alice, 6_000, expires, key()).statusCode(201);
        assertBalances(alice, 306_000, 6_000);
    }

    @Test
    void aFrozenWalletCannotCaptureItsHold() {
        var alice = newCustomer();
        fund(alice, 5_000);
        String holdId = place(alice, 2_000, Instant.now().plusSeconds(600), key()).statusCode(201).extract().path("holdId");
        Ledger.freeze(alice);
        capture(alice, holdId, null, key()).statusCode(422).body("code", equalTo("WALLET_NOT_ACTIVE"));
        assertBalances(alice, 5_000, 2_000);
        given().auth().oauth2(alice.token()).post("/api/v1/holds/" + holdId + "/void").then()
                .statusCode(200).body("status", equalTo("VOIDED"));
        assertBalances(alice, 5_000, 0);
    }

    @Test
    void hostileHoldRequests() {
        var alice = newCustomer();
        var mallory = newCustomer();
        fund(alice, 1_000);
        String holdId = place(alice, 500, Instant.now().plusSeconds(600), key()).statusCode(201).extract().path("holdId");

        capture(mallory, holdId, null, key()).statusCode(404).body("code", equalTo("HOLD_NOT_FOUND"));
        given().auth().oauth2(mallory.token()).post("/api/v1/holds/" + holdId + "/void").then()
                .statusCode(404).body("code", equalTo("HOLD_NOT_FOUND"));
        capture(alice, "not-a-hold", null, key()).statusCode(404).body("code", equalTo("HOLD_NOT_FOUND"));
        place(mallory, alice, 100, Instant.now().plusSeconds(600).toString(), key()).statusCode(404).body("code", equalTo("WALLET_NOT_FOUND"));
        place(alice, alice, 100, Instant.now().minusSeconds(1).toString(), key()).statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        place(alice, alice, 100, Instant.now().plus(Duration.ofDays(400)).toString(), key()).statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        place(alice, alice, 100, "tomorrow", key()).statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        place(alice, alice, 100, "+999999999-12-31T23:59:59Z", key()).statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        // Half a surrogate pair, as JSON escapes it: not text (PostgreSQL would have stored '?').
        given().auth().oauth2(alice.token()).header("Idempotency-Key", key()).contentType("application/json")
                .body("{\"walletId\":\"" + alice.walletId() + "\",\"amount\":100,\"currency\":\"ZAR\",\"reference\":\"\\udc00x\","
                        + "\"expiresAt\":\"" + Instant.now().plusSeconds(600) + "\"}")
                .post("/api/v1/holds").then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        place(alice, alice, 0, Instant.now().plusSeconds(600).toString(), key()).statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        place(alice, alice, -5, Instant.now().plusSeconds(600).toString(), key()).statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        capture(alice, holdId, Map.of("amount", -1), key()).statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        capture(alice, holdId, Map.of("amount", 1), null).statusCode(400).body("code", equalTo("IDEMPOTENCY_KEY_REQUIRED"));
        given().auth().oauth2(alice.token()).header("Idempotency-Key", key()).contentType("text/plain").body("all of it")
                .post("/api/v1/holds/" + holdId + "/capture").then().statusCode(415).body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
        given().auth().oauth2(alice.token()).header("Idempotency-Key", key()).contentType("application/json").body("{\"amount\":")
                .post("/api/v1/holds/" + holdId + "/capture").then().statusCode(400).body("code", equalTo("MALFORMED_JSON"));
        given().auth().oauth2(alice.token()).header("Idempotency-Key", key()).contentType("application/json").body("{\"amount\":1.5}")
                .post("/api/v1/holds/" + holdId + "/capture").then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        // Bytes that make Jackson guess UCS-4 in an unusual byte order (found by StrictJsonFuzzTest): a 400, not a 500.
        given().auth().oauth2(alice.token()).header("Idempotency-Key", key()).contentType("application/json")
                .body(new byte[] {0, 14, 0, 0, 0, 0}).post("/api/v1/holds").then().statusCode(400).body("code", equalTo("MALFORMED_JSON"));
        for (String trailing : java.util.List.of("{\"amount\":1}garbage", "{\"amount\":1}{\"amount\":2}", "{\"amount\":1} 2")) {
            given().auth().oauth2(alice.token()).header("Idempotency-Key", key()).contentType("application/json").body(trailing)
                    .post("/api/v1/holds/" + holdId + "/capture").then().statusCode(400).body("code", equalTo("MALFORMED_JSON"));
        }

        assertBalances(alice, 1_000, 500);
        assertBalances(mallory, 0, 0);
    }

    static ValidatableResponse place(Ledger.Customer who, long amount, Instant expiresAt, String key) {
        return place(who, who, amount, expiresAt.toString(), key);
    }

    static ValidatableResponse place(Ledger.Customer caller, Ledger.Customer owner, long amount, String expiresAt, String key) {
        return place(caller, owner, amount, expiresAt, "order:" + UUID.randomUUID(), key);
    }

    static ValidatableResponse place(Ledger.Customer caller, Ledger.Customer owner, long amount, String expiresAt,
                                     String reference, String key) {
        return given().auth().oauth2(caller.token()).header("Idempotency-Key", key).contentType("application/json")
                .body(Map.of("walletId", owner.walletId().toString(), "amount", amount, "currency", "ZAR",
                        "reference", reference, "expiresAt", expiresAt))
                .post("/api/v1/holds").then();
    }

    static ValidatableResponse capture(Ledger.Customer who, String holdId, Map<String, Object> body, String key) {
        var request = given().auth().oauth2(who.token());
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        if (body != null) {
            request.contentType("application/json").body(new HashMap<>(body));
        }
        return request.post("/api/v1/holds/" + holdId + "/capture").then();
    }

    static void assertBalances(Ledger.Customer who, long ledgerBalance, long held) {
        var balance = given().auth().oauth2(who.token()).get("/api/v1/wallets/" + who.walletId() + "/balance")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(ledgerBalance, balance.getLong("ledgerBalance"), "ledger balance");
        assertEquals(held, balance.getLong("heldAmount"), "held");
        assertEquals(ledgerBalance - held, balance.getLong("availableBalance"), "available");
    }

    static String key() {
        return UUID.randomUUID().toString();
    }
}
