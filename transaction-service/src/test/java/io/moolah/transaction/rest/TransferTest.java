package io.moolah.transaction.rest;

import io.moolah.events.account.Limits;
import io.moolah.localstack.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static io.moolah.transaction.rest.Ledger.balance;
import static io.moolah.transaction.rest.Ledger.count;
import static io.moolah.transaction.rest.Ledger.fund;
import static io.moolah.transaction.rest.Ledger.newCustomer;
import static io.moolah.transaction.rest.Ledger.send;
import static io.moolah.transaction.rest.Ledger.transfer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class TransferTest {

    @Test
    void aTransferMovesMoneyBetweenWalletsAndPublishesBothSides() {
        var alice = newCustomer();
        var bob = newCustomer();
        fund(alice, 10_000);

        String transactionId = transfer(alice, send(alice, bob, 2_500), UUID.randomUUID().toString())
                .statusCode(201)
                .body("status", equalTo("POSTED"))
                .body("amount", equalTo(2500))
                .body("currency", equalTo("ZAR"))
                .body("fromWalletId", equalTo(alice.walletId().toString()))
                .body("toWalletId", equalTo(bob.walletId().toString()))
                .body("createdAt", notNullValue())
                .extract().path("transactionId");

        assertEquals(7_500, balance(alice));
        assertEquals(2_500, balance(bob));
        assertEquals(2L, Ledger.events("TransferPosted", transactionId, 2), "one event per wallet, published from the write-ahead log");
        assertEquals(0L, count("select count(*) from (select entry_id from posting group by entry_id having sum(amount) <> 0) unbalanced"));
    }

    @Test
    void byPhoneNumberInLocalForm() {
        var alice = newCustomer();
        var bob = newCustomer();
        fund(alice, 1_000);
        transfer(alice, Map.of("fromWalletId", alice.walletId().toString(), "toPhoneNumber", "0" + bob.phone().substring(3),
                "amount", 400, "currency", "ZAR"), UUID.randomUUID().toString())
                .statusCode(201).body("toWalletId", equalTo(bob.walletId().toString()));
        assertEquals(400, balance(bob));
    }

    @Test
    void aReplayReturnsTheOriginalAndAnotherBodyWithTheSameKeyIsRefused() {
        var alice = newCustomer();
        var bob = newCustomer();
        fund(alice, 1_000);
        String key = "key-" + UUID.randomUUID();

        String first = transfer(alice, send(alice, bob, 100), key).statusCode(201).extract().path("transactionId");
        var replay = transfer(alice, send(alice, bob, 100), key).statusCode(201)
                .header("Idempotent-Replayed", "true").extract();
        assertEquals(first, replay.path("transactionId"));
        transfer(alice, send(alice, bob, 101), key).statusCode(422).body("code", equalTo("IDEMPOTENCY_KEY_REUSED"));

        assertEquals(900, balance(alice));
        assertEquals(1L, count("select count(*) from journal_entry where id = '" + first + "' and (external_ref is null"
                + " or external_ref not like 'xfer-in:%')"), "one sending entry (and, to another shard, one receiving entry)");
    }

    @Test
    void aRefusedRequestDoesNotUseUpItsKey() {
        var alice = newCustomer();
        var bob = newCustomer();
        String key = "key-" + UUID.randomUUID();
        transfer(alice, send(alice, bob, 500), key).statusCode(422).body("code", equalTo("INSUFFICIENT_FUNDS"));
        fund(alice, 500);
        transfer(alice, send(alice, bob, 500), key).statusCode(201);
        assertEquals(0, balance(alice));
    }

    @Test
    void rulesTheLedgerEnforces() {
        var alice = newCustomer(new Limits(1_000, 1_500, 1_000_000));
        var bob = newCustomer(new Limits(100_000, 100_000, 2_000));
        fund(alice, 10_000);

        transfer(alice, send(alice, bob, 1_001), UUID.randomUUID().toString()).statusCode(422).body("code", equalTo("DAILY_LIMIT_EXCEEDED"));
        transfer(alice, send(alice, bob, 1_000), UUID.randomUUID().toString()).statusCode(201);
        transfer(alice, send(alice, bob, 1), UUID.randomUUID().toString()).statusCode(422).body("code", equalTo("DAILY_LIMIT_EXCEEDED"));

        var carol = newCustomer();
        fund(carol, 5_000);
        transfer(carol, send(carol, bob, 1_001), UUID.randomUUID().toString()).statusCode(422).body("code", equalTo("RECIPIENT_BALANCE_LIMIT"));
        transfer(carol, send(carol, carol, 10), UUID.randomUUID().toString()).statusCode(422).body("code", equalTo("SELF_TRANSFER"));
        var dave = newCustomer();
        transfer(carol, send(carol, dave, 5_001), UUID.randomUUID().toString()).statusCode(422).body("code", equalTo("INSUFFICIENT_FUNDS"));

        Ledger.freeze(bob);
        transfer(carol, send(carol, bob, 10), UUID.randomUUID().toString()).statusCode(422).body("code", equalTo("RECIPIENT_WALLET_NOT_ACTIVE"));
        assertEquals(1_000, balance(bob));
        assertEquals(5_000, balance(carol));
    }

    @Test
    void someoneElsesWalletIsNotFound() {
        var alice = newCustomer();
        var mallory = newCustomer();
        fund(alice, 1_000);
        transfer(mallory, send(alice, mallory, 100), UUID.randomUUID().toString()).statusCode(404).body("code", equalTo("WALLET_NOT_FOUND"));
        given().auth().oauth2(mallory.token()).get("/api/v1/wallets/" + alice.walletId() + "/balance").then()
                .statusCode(404).body("code", equalTo("WALLET_NOT_FOUND"));
        assertEquals(1_000, balance(alice));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "negative amount       | amount     | -100             | 400 | VALIDATION_FAILED",
            "zero amount           | amount     | 0                | 400 | VALIDATION_FAILED",
            "fractional amount     | amount     | 12.5             | 400 | VALIDATION_FAILED",
            "enormous amount       | amount     | 99999999999999999999 | 400 | VALIDATION_FAILED",
            "too large amount      | amount     | 1000000001       | 400 | VALIDATION_FAILED",
            "amount as text        | amount     | \"100\"          | 400 | VALIDATION_FAILED",
            "unknown currency      | currency   | \"XYZ\"          | 422 | UNSUPPORTED_CURRENCY",
            "malformed currency    | currency   | \"zar\"          | 400 | VALIDATION_FAILED",
            "unknown wallet        | toWalletId | \"00000000-0000-0000-0000-000000000000\" | 404 | RECIPIENT_NOT_FOUND",
            "malformed wallet id   | toWalletId | \"not-a-uuid\"   | 400 | VALIDATION_FAILED",
            "control characters    | reference  | \"rent\\u0007\"  | 400 | VALIDATION_FAILED",
            "unknown field         | fee        | 0                | 400 | UNKNOWN_FIELD",
            "lone surrogate        | reference  | \"\\udc00x\"    | 400 | VALIDATION_FAILED",
    })
    void hostileTransfersAre4xxWithNoEffect(String what, String field, String json, int status, String code) {
        var alice = newCustomer();
        var bob = newCustomer();
        fund(alice, 1_000);
        String body = "{\"fromWalletId\":\"" + alice.walletId() + "\",\"toWalletId\":\"" + bob.walletId()
                + "\",\"amount\":100,\"currency\":\"ZAR\"}";
        body = body.contains("\"" + field + "\":")
                ? body.replaceFirst("\"" + field + "\":(\"[^\"]*\"|[-0-9.]+)", "\"" + field + "\":" + json.replace("\\\\", "\\"))
                : body.replace("}", ",\"" + field + "\":" + json + "}");

        transfer(alice, body, UUID.randomUUID().toString()).statusCode(status)
                .contentType("application/problem+json").body("code", equalTo(code));

        assertEquals(1_000, balance(alice), what);
        assertEquals(0, balance(bob), what);
    }

    @Test
    void aFieldGivenTwiceIsRefusedNotGuessed() {
        var alice = newCustomer();
        var bob = newCustomer();
        fund(alice, 1_000);
        transfer(alice, "{\"fromWalletId\":\"" + alice.walletId() + "\",\"toWalletId\":\"" + bob.walletId()
                + "\",\"amount\":1,\"currency\":\"ZAR\",\"amount\":900}", UUID.randomUUID().toString())
                .statusCode(400).contentType("application/problem+json").body("code", equalTo("MALFORMED_JSON"));
        assertEquals(1_000, balance(alice));
    }

    @Test
    void idempotencyKeysAreRequiredAndChecked() {
        var alice = newCustomer();
        var bob = newCustomer();
        fund(alice, 1_000);
        transfer(alice, send(alice, bob, 1), null).statusCode(400).body("code", equalTo("IDEMPOTENCY_KEY_REQUIRED"));
        transfer(alice, send(alice, bob, 1), "x".repeat(129)).statusCode(400).body("code", equalTo("INVALID_IDEMPOTENCY_KEY"));
        transfer(alice, send(alice, bob, 1), "has space").statusCode(400).body("code", equalTo("INVALID_IDEMPOTENCY_KEY"));
        transfer(alice, send(alice, bob, 1), "naïve").statusCode(400).body("code", equalTo("INVALID_IDEMPOTENCY_KEY"));
        assertEquals(1_000, balance(alice));
    }

    @Test
    void noTokenNoMoney() {
        var alice = newCustomer();
        given().contentType("application/json").header("Idempotency-Key", "k1").body(Map.of())
                .post("/api/v1/transfers").then().statusCode(401);
        Map<String, Object> body = new HashMap<>(send(alice, alice, 1));
        given().auth().oauth2(TestTokens.mint(UUID.randomUUID(), java.util.List.of(), "customer"))
                .contentType("application/json").header("Idempotency-Key", "k2").body(body)
                .post("/api/v1/transfers").then().statusCode(404);
    }
}
