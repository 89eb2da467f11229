package io.moolah.transaction.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.moolah.transaction.rest.Ledger.fund;
import static io.moolah.transaction.rest.Ledger.newCustomer;
import static io.moolah.transaction.rest.Ledger.send;
import static io.moolah.transaction.rest.Ledger.transfer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class HistoryTest {

    @Test
    void pagesAreNewestFirstWithBalanceAfterAndStayStableWhileMoneyKeepsMoving() {
        var alice = newCustomer();
        var bob = newCustomer();
        fund(alice, 10_000);
        for (int amount = 100; amount <= 500; amount += 100) {
            transfer(alice, send(alice, bob, amount), UUID.randomUUID().toString()).statusCode(201);
        }
        // Alice's history: the funding, then five transfers out: 10000, 9900, 9700, 9400, 9000, 8500.

        JsonPath first = page(alice, "limit=2");
        assertEquals(List.of(500, 400), first.getList("items.amount"));
        assertEquals(List.of(8_500, 9_000), first.getList("items.balanceAfter"));
        assertEquals(List.of("DEBIT", "DEBIT"), first.getList("items.direction"));
        assertEquals(List.of(bob.walletId().toString(), bob.walletId().toString()), first.getList("items.counterparty"));

        // New money arrives between pages: the next page continues where the first ended.
        transfer(bob, send(bob, alice, 50), UUID.randomUUID().toString()).statusCode(201);
        JsonPath second = page(alice, "limit=2&cursor=" + first.getString("nextCursor"));
        assertEquals(List.of(300, 200), second.getList("items.amount"));
        JsonPath third = page(alice, "limit=2&cursor=" + second.getString("nextCursor"));
        assertEquals(List.of(100, 10_000), third.getList("items.amount"));
        assertEquals(List.of("TRANSFER", "ADJUSTMENT"), third.getList("items.type"));
        assertEquals(List.of(9_900, 10_000), third.getList("items.balanceAfter"));
        assertNull(third.getString("nextCursor"));

        JsonPath fresh = page(alice, "limit=1");
        assertEquals(List.of("CREDIT"), fresh.getList("items.direction"));
        assertEquals(List.of(8_550), fresh.getList("items.balanceAfter"));
    }

    @Test
    void everyItemsBalanceAfterFollowsFromTheOneBefore() {
        var alice = newCustomer();
        var bob = newCustomer();
        fund(alice, 3_000);
        transfer(alice, send(alice, bob, 1_000), UUID.randomUUID().toString()).statusCode(201);
        transfer(bob, send(bob, alice, 250), UUID.randomUUID().toString()).statusCode(201);
        List<Map<String, Object>> items = new ArrayList<>(page(alice, "limit=100").getList("items"));
        java.util.Collections.reverse(items);
        long running = 0;
        for (Map<String, Object> item : items) {
            long amount = ((Number) item.get("amount")).longValue();
            running += item.get("direction").equals("CREDIT") ? amount : -amount;
            assertEquals(running, ((Number) item.get("balanceAfter")).longValue());
        }
        assertEquals(2_250, running);
    }

    @Test
    void fieldsSelectWhatEachItemCarries() {
        var alice = newCustomer();
        fund(alice, 100);
        JsonPath page = page(alice, "fields=amount,balanceAfter");
        assertEquals(Map.of("amount", 100, "balanceAfter", 100), page.getMap("items[0]"));
    }

    @Test
    void dateFiltersBoundTheWindow() {
        var alice = newCustomer();
        fund(alice, 100);
        Instant between = Instant.now();
        fund(alice, 200);
        assertEquals(List.of(200), page(alice, "from=" + between).getList("items.amount"));
        assertEquals(List.of(100), page(alice, "to=" + between).getList("items.amount"));
        assertEquals(List.of(), page(alice, "from=" + Instant.now().plusSeconds(60)).getList("items"));
    }

    @Test
    void hostileQueries() {
        var alice = newCustomer();
        var mallory = newCustomer();
        fund(alice, 100);
        for (String query : List.of("limit=0", "limit=101", "limit=ten", "cursor=garbage", "cursor=AAAAAAAAAAAA",
                "fields=amount,password", "from=yesterday", "to=2026-13-01T00:00:00Z")) {
            given().auth().oauth2(alice.token()).get("/api/v1/wallets/" + alice.walletId() + "/transactions?" + query)
                    .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("VALIDATION_FAILED"));
        }
        // Times Java reads but PostgreSQL cannot hold: refused, not a database error.
        for (String name : List.of("from", "to")) {
            for (String value : List.of("+999999999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z")) {
                given().auth().oauth2(alice.token()).queryParam(name, value)
                        .get("/api/v1/wallets/" + alice.walletId() + "/transactions").then().statusCode(400)
                        .contentType("application/problem+json").body("code", equalTo("VALIDATION_FAILED"));
            }
        }
        given().auth().oauth2(mallory.token()).get("/api/v1/wallets/" + alice.walletId() + "/transactions")
                .then().statusCode(404).body("code", equalTo("WALLET_NOT_FOUND"));
        given().auth().oauth2(alice.token()).get("/api/v1/wallets/not-a-wallet/transactions")
                .then().statusCode(404).body("code", equalTo("WALLET_NOT_FOUND"));
        given().get("/api/v1/wallets/" + alice.walletId() + "/transactions").then().statusCode(401);
    }

    @Test
    void theBalanceCarriesAVersionThatMovesWithEveryChange() {
        var alice = newCustomer();
        var bob = newCustomer();
        long before = version(alice);
        fund(alice, 1_000);
        long funded = version(alice);
        assertTrue(funded > before);
        long sentVersion = ((Number) transfer(alice, send(alice, bob, 10), UUID.randomUUID().toString()).statusCode(201)
                .extract().path("version")).longValue();
        assertEquals(sentVersion, version(alice));
        assertTrue(sentVersion > funded);
    }

    static long version(Ledger.Customer who) {
        return given().auth().oauth2(who.token()).get("/api/v1/wallets/" + who.walletId() + "/balance")
                .then().statusCode(200).extract().jsonPath().getLong("version");
    }

    static JsonPath page(Ledger.Customer who, String query) {
        return given().auth().oauth2(who.token())
                .get("/api/v1/wallets/" + who.walletId() + "/transactions?" + query.replace("+", "%2B"))
                .then().statusCode(200).extract().jsonPath();
    }
}
