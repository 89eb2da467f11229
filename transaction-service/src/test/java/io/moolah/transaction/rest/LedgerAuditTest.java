package io.moolah.transaction.rest;

import io.moolah.localstack.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.moolah.transaction.rest.Ledger.execute;
import static io.moolah.transaction.rest.Ledger.executeOn;
import static io.moolah.transaction.rest.Ledger.fund;
import static io.moolah.transaction.rest.Ledger.newCustomer;
import static io.moolah.transaction.rest.Ledger.send;
import static io.moolah.transaction.rest.Ledger.transfer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit finds a sound ledger sound, and finds each kind of damage it is there to find: a balance that is not its
 * postings (a lost update), an entry that does not balance. The damage is made behind the service's back, as only a
 * bug or a hand in the database could, and undone afterwards.
 */
@QuarkusTest
class LedgerAuditTest {

    @Test
    void aSoundLedgerAuditsCleanWithEveryFigureZero() {
        var alice = newCustomer();
        var bob = newCustomer();
        fund(alice, 10_000);
        transfer(alice, send(alice, bob, 2_500), UUID.randomUUID().toString()).statusCode(201);

        JsonPath audit = audit();
        assertTrue(audit.getBoolean("clean"), audit.prettify());
        assertEquals(2, audit.getList("shards").size(), "the module's tests run on two shards");
        assertEquals(0, audit.getInt("shards[0].shard"));
        assertEquals(1, audit.getInt("shards[1].shard"));
        assertTrue(audit.getLong("shards[1].accounts") >= 5, "shard 1 is migrated: its four system accounts and its clearing "
                + "account for shard 0 at least");
        assertTrue(audit.getLong("shards[0].entries") >= 2, "the top-up and the transfer at least");
        assertTrue(audit.getLong("shards[0].accounts") >= 6, "four system accounts and two wallets at least");
        assertEquals(0L, audit.getLong("shards[0].unbalancedEntries"));
        assertEquals(0L, audit.getLong("shards[0].accountsOffTheirPostings"));
        assertEquals(0L, audit.getLong("shards[0].negativeWallets"));
        assertEquals("ZAR", audit.getString("currencies[0].currency"));
        assertEquals(0L, audit.getLong("currencies[0].balanceSum"));
        assertEquals(0L, audit.getLong("currencies[0].discrepancy"));
        assertEquals(0L, audit.getLong("currencies[0].inFlightCount"));
    }

    @Test
    void aBalanceThatIsNotItsPostingsIsFoundWithTheExactAmount() {
        var carol = Ledger.newCustomerOnShard(0);
        fund(carol, 1_000);
        String wallet = "'" + carol.walletId() + "'";
        execute("update ledger_account set balance = balance + 7 where wallet_id = " + wallet);
        try {
            JsonPath audit = audit();
            assertFalse(audit.getBoolean("clean"));
            assertEquals(1L, audit.getLong("shards[0].accountsOffTheirPostings"));
            assertEquals(0L, audit.getLong("shards[0].unbalancedEntries"));
            assertEquals(7L, audit.getLong("currencies.find { it.currency == 'ZAR' }.discrepancy"));
        } finally {
            execute("update ledger_account set balance = balance - 7 where wallet_id = " + wallet);
        }
        assertTrue(audit().getBoolean("clean"));
    }

    @Test
    void anEntryThatDoesNotBalanceIsFound() {
        UUID entry = UUID.randomUUID();
        // Triggers (the balance check among them) do not fire for a session in replica mode: only a superuser's hand
        // in the database can write this.
        executeOn("transaction", "set session_replication_role = replica;"
                + " insert into journal_entry (id, type, currency, amount, reference) values ('" + entry + "', 'ADJUSTMENT', 'ZAR', 5, 'audit test');"
                + " update ledger_account set balance = balance + 5, version = version + 1 where account_key = 'fees:ZAR';"
                + " insert into posting (entry_id, account_id, amount, balance_after, account_version)"
                + " select '" + entry + "', id, 5, balance, version from ledger_account where account_key = 'fees:ZAR'");
        try {
            JsonPath audit = audit();
            assertFalse(audit.getBoolean("clean"));
            assertEquals(1L, audit.getLong("shards[0].unbalancedEntries"));
            assertEquals(0L, audit.getLong("shards[0].accountsOffTheirPostings"));
            assertEquals(5L, audit.getLong("currencies.find { it.currency == 'ZAR' }.discrepancy"));
        } finally {
            executeOn("transaction", "set session_replication_role = replica;"
                    + " delete from posting where entry_id = '" + entry + "';"
                    + " delete from journal_entry where id = '" + entry + "';"
                    + " update ledger_account set balance = balance - 5, version = version + 1 where account_key = 'fees:ZAR'");
        }
        assertTrue(audit().getBoolean("clean"));
    }

    @Test
    void onlyOperatorsMayAudit() {
        var dave = newCustomer();
        given().auth().oauth2(dave.token()).get("/api/v1/admin/ledger/audit").then().statusCode(403)
                .body("code", equalTo("FORBIDDEN"));
        given().get("/api/v1/admin/ledger/audit").then().statusCode(401);
        given().auth().oauth2(TestTokens.operator()).post("/api/v1/admin/ledger/audit").then().statusCode(405);
    }

    private static JsonPath audit() {
        return given().auth().oauth2(TestTokens.operator()).get("/api/v1/admin/ledger/audit")
                .then().statusCode(200).extract().jsonPath();
    }
}
