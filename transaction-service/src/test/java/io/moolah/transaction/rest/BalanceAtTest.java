package io.moolah.transaction.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.moolah.transaction.rest.Ledger.fund;
import static io.moolah.transaction.rest.Ledger.newCustomer;
import static io.moolah.transaction.rest.Ledger.send;
import static io.moolah.transaction.rest.Ledger.transfer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /wallets/{id}/balance?at=: the ledger balance as it stood at an instant, from the postings' balanceAfter. */
@QuarkusTest
class BalanceAtTest {

    private static ValidatableResponse at(Ledger.Customer who, Ledger.Customer owner, String instant) {
        return given().auth().oauth2(who.token()).queryParam("at", instant)
                .get("/api/v1/wallets/" + owner.walletId() + "/balance").then();
    }

    /** An instant strictly between what happened before and what happens after (PostgreSQL keeps microseconds). */
    private static Instant pause() throws InterruptedException {
        Thread.sleep(20);
        Instant between = Instant.now();
        Thread.sleep(20);
        return between;
    }

    @Test
    void eachInstantHasTheBalanceThatStoodThen() throws InterruptedException {
        var alice = newCustomer();
        var bob = newCustomer();
        Instant beforeAnything = pause();
        fund(alice, 10_000);
        Instant funded = pause();
        transfer(alice, send(alice, bob, 2_500), UUID.randomUUID().toString()).statusCode(201);
        Instant sent = pause();
        transfer(bob, send(bob, alice, 500), UUID.randomUUID().toString()).statusCode(201);

        at(alice, alice, beforeAnything.toString()).statusCode(200).body("ledgerBalance", equalTo(0)).body("version", equalTo(0));
        long fundedVersion = ((Number) at(alice, alice, funded.toString()).statusCode(200).body("ledgerBalance", equalTo(10_000))
                .body("currency", equalTo("ZAR")).body("walletId", equalTo(alice.walletId().toString()))
                .body("at", equalTo(funded.toString())).extract().path("version")).longValue();
        long sentVersion = ((Number) at(alice, alice, sent.toString()).statusCode(200).body("ledgerBalance", equalTo(7_500))
                .extract().path("version")).longValue();
        assertTrue(sentVersion > fundedVersion, fundedVersion + " then " + sentVersion);
        at(alice, alice, Instant.now().toString()).statusCode(200).body("ledgerBalance", equalTo(8_000));
        at(bob, bob, sent.toString()).statusCode(200).body("ledgerBalance", equalTo(2_500));
        // The same instant in another offset is the same instant.
        at(alice, alice, sent.atOffset(java.time.ZoneOffset.ofHours(2)).toString()).statusCode(200).body("ledgerBalance", equalTo(7_500));
        // Without at, the current balance as before.
        given().auth().oauth2(alice.token()).get("/api/v1/wallets/" + alice.walletId() + "/balance").then()
                .statusCode(200).body("ledgerBalance", equalTo(8_000)).body("availableBalance", equalTo(8_000));
    }

    @Test
    void hostileInstantsAndOthersWalletsAreProblems() {
        var alice = newCustomer();
        var bob = newCustomer();
        for (String instant : List.of("yesterday", "2026-12-06", "2026-12-06T10:00:00", "2026-13-01T00:00:00Z", "0000-01-01T00:00:00Z",
                "+999999-01-01T00:00:00Z", Instant.now().plusSeconds(3600).toString(), "2026-12-06T10:00:00Z'", "%00")) {
            var answer = given().auth().oauth2(alice.token()).queryParam("at", instant)
                    .get("/api/v1/wallets/" + alice.walletId() + "/balance").then().extract();
            assertEquals(400, answer.statusCode(), instant + ": " + answer.body().asString());
            assertEquals("VALIDATION_FAILED", answer.path("code"), instant);
        }
        at(bob, alice, Instant.now().toString()).statusCode(404).body("code", equalTo("WALLET_NOT_FOUND"));
    }
}
