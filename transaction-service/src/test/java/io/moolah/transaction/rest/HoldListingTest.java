package io.moolah.transaction.rest;

import io.moolah.localstack.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.moolah.transaction.rest.HoldTest.key;
import static io.moolah.transaction.rest.HoldTest.place;
import static io.moolah.transaction.rest.Ledger.fund;
import static io.moolah.transaction.rest.Ledger.newCustomer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** GET /holds: the caller's own holds, newest first, in pages; every hostile query is a 4xx problem. */
@QuarkusTest
class HoldListingTest {

    private static ValidatableResponse list(String token, String query) {
        return given().auth().oauth2(token).get("/api/v1/holds" + query).then();
    }

    private static String placeHold(Ledger.Customer who, long amount) {
        return place(who, amount, Instant.now().plusSeconds(600), key()).statusCode(201).extract().path("holdId");
    }

    @Test
    void holdsComeNewestFirstInPagesThatNeitherRepeatNorSkip() {
        var alice = newCustomer();
        fund(alice, 10_000);
        List<String> placed = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            placed.add(placeHold(alice, i * 100L));
        }
        List<String> newestFirst = new ArrayList<>(placed);
        java.util.Collections.reverse(newestFirst);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 5; page++) {
            var answer = list(alice.token(), "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).statusCode(200).extract();
            seen.addAll(answer.path("items.holdId"));
            cursor = answer.path("nextCursor");
            if (cursor == null) {
                break;
            }
        }
        assertEquals(newestFirst, seen);
        list(alice.token(), "?limit=1").statusCode(200).body("items", hasSize(1))
                .body("items[0].holdId", equalTo(newestFirst.get(0))).body("items[0].status", equalTo("OPEN"))
                .body("items[0].amount", equalTo(500)).body("items[0].currency", equalTo("ZAR"))
                .body("items[0].walletId", equalTo(alice.walletId().toString())).body("items[0].capturedAmount", nullValue());
    }

    @Test
    void statusAndWalletNarrowTheListAndNobodyElsesHoldsAppear() {
        var alice = newCustomer();
        var bob = newCustomer();
        fund(alice, 10_000);
        fund(bob, 10_000);
        String open = placeHold(alice, 100);
        String voided = placeHold(alice, 200);
        given().auth().oauth2(alice.token()).post("/api/v1/holds/" + voided + "/void").then().statusCode(200);
        String captured = placeHold(alice, 300);
        given().auth().oauth2(alice.token()).header("Idempotency-Key", key()).contentType("application/json")
                .body(Map.of("amount", 120)).post("/api/v1/holds/" + captured + "/capture").then().statusCode(200);
        String bobs = placeHold(bob, 400);

        list(alice.token(), "").statusCode(200).body("items.holdId", equalTo(List.of(captured, voided, open)))
                .body("nextCursor", nullValue());
        list(alice.token(), "?status=OPEN").statusCode(200).body("items.holdId", equalTo(List.of(open)));
        list(alice.token(), "?status=CAPTURED").statusCode(200).body("items.holdId", equalTo(List.of(captured)))
                .body("items[0].capturedAmount", equalTo(120));
        list(alice.token(), "?status=VOIDED&walletId=" + alice.walletId()).statusCode(200).body("items.holdId", equalTo(List.of(voided)));
        list(bob.token(), "").statusCode(200).body("items.holdId", equalTo(List.of(bobs)));
        // Another's wallet is not found, as everywhere: its existence is not told.
        list(bob.token(), "?walletId=" + alice.walletId()).statusCode(404).body("code", equalTo("WALLET_NOT_FOUND"));
        list(bob.token(), "?walletId=" + UUID.randomUUID()).statusCode(404).body("code", equalTo("WALLET_NOT_FOUND"));
    }

    @Test
    void operatorsNameTheWallet() {
        var alice = newCustomer();
        fund(alice, 1_000);
        String hold = placeHold(alice, 100);
        list(TestTokens.operator(), "").statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        list(TestTokens.operator(), "?walletId=" + alice.walletId()).statusCode(200).body("items.holdId", equalTo(List.of(hold)));
    }

    @Test
    void hostileQueriesAreProblemsAndChangeNothing() {
        var alice = newCustomer();
        String token = alice.token();
        for (String query : List.of("?limit=0", "?limit=101", "?limit=-1", "?limit=abc", "?limit=1e3",
                "?status=open", "?status=PENDING", "?status=OPEN%00", "?walletId=not-a-uuid", "?cursor=garbage", "?cursor=" + "A".repeat(2_000),
                // a history cursor is not a holds cursor
                "?cursor=AQAAAAAAAAAB")) {
            var answer = given().auth().oauth2(token).get("/api/v1/holds" + query).then().extract();
            assertEquals(400, answer.statusCode(), query.substring(0, Math.min(60, query.length())));
            assertEquals("VALIDATION_FAILED", answer.path("code"), query);
        }
        // An empty parameter is one not given.
        list(token, "?limit=&status=&walletId=&cursor=").statusCode(200).body("items", hasSize(0));
        given().get("/api/v1/holds").then().statusCode(401);
        given().auth().oauth2("not.a.token").get("/api/v1/holds").then().statusCode(401);
    }
}
