package io.moolah.transaction.rest;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.moolah.transaction.rest.Ledger.count;
import static io.moolah.transaction.rest.Ledger.execute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The database's own last line of defence, whatever code writes: SQL straight to the ledger's tables. */
@QuarkusTest
class LedgerConstraintsTest {

    @Test
    void anEntryWhosePostingsDoNotBalanceIsRefusedAndABalancedOneIsNot() {
        long fees = count("select id from ledger_account where account_key = 'fees:ZAR'");
        long suspense = count("select id from ledger_account where account_key = 'treasury-suspense:ZAR'");
        String unbalanced = UUID.randomUUID().toString();
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> execute(entry(unbalanced, 100)
                + "insert into posting (entry_id, account_id, amount, balance_after, account_version) values"
                + " ('" + unbalanced + "', " + fees + ", -100, 0, 0), ('" + unbalanced + "', " + suspense + ", 99, 0, 0)"));
        assertTrue(String.valueOf(refused.getCause().getMessage()).contains("does not balance"), refused.getCause().getMessage());
        assertEquals(0, count("select count(*) from journal_entry where id = '" + unbalanced + "'"));

        // Postings of several entries in one statement, as the batching writer writes them: each entry is checked.
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        assertThrows(IllegalStateException.class, () -> execute(entry(first, 5) + entry(second, 5)
                + "insert into posting (entry_id, account_id, amount, balance_after, account_version) values"
                + " ('" + first + "', " + fees + ", -5, 0, 0), ('" + first + "', " + suspense + ", 5, 0, 0),"
                + " ('" + second + "', " + fees + ", -5, 0, 0), ('" + second + "', " + suspense + ", 4, 0, 0)"));
        assertEquals(0, count("select count(*) from journal_entry where id in ('" + first + "', '" + second + "')"));

        String balanced = UUID.randomUUID().toString();
        execute("begin; " + entry(balanced, 7)
                + "insert into posting (entry_id, account_id, amount, balance_after, account_version) values"
                + " ('" + balanced + "', " + fees + ", -7, 0, 0), ('" + balanced + "', " + suspense + ", 7, 0, 0);"
                + " rollback;");
    }

    private static String entry(String id, long amount) {
        return "insert into journal_entry (id, type, currency, amount, reference) values ('" + id + "', 'ADJUSTMENT', 'ZAR', "
                + amount + ", 'constraint test');";
    }
}
