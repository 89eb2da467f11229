package io.moolah.transaction.repository;

import io.moolah.transaction.model.LedgerAccount;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Writes journal entries, their postings and the accounts' new state: any number of entries in one statement (one
 * round trip, set-based through {@code unnest}), whether one request posts one entry or the batching writer posts
 * hundreds. Every entry's balance is still checked by the database at commit, and the accounts stay locked by the
 * caller's transaction.
 */
@ApplicationScoped
public class JournalWriter {
    private static final String WRITE = """
            with entries as (
                insert into journal_entry (id, type, currency, amount, reference, reverses_id, external_ref, initiated_by, created_at)
                select e.id, e.type, e.currency, e.amount, e.reference, e.reverses_id, e.external_ref, e.initiated_by, e.created_at
                from unnest(?::uuid[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::uuid[], ?::text[], ?::uuid[], ?::timestamptz[])
                     with ordinality as e(id, type, currency, amount, reference, reverses_id, external_ref, initiated_by, created_at, n)
                order by e.n),
            postings as (
                insert into posting (entry_id, account_id, amount, balance_after, account_version, created_at)
                select p.entry_id, p.account_id, p.amount, p.balance_after, p.account_version, p.created_at
                from unnest(?::uuid[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::timestamptz[])
                     with ordinality as p(entry_id, account_id, amount, balance_after, account_version, created_at, n)
                order by p.n)
            update ledger_account a set balance = v.balance, held = v.held, sent_day = v.sent_day,
                sent_day_total = v.sent_day_total, sent_month = v.sent_month, sent_month_total = v.sent_month_total,
                version = v.version
            from unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::date[], ?::bigint[], ?::date[], ?::bigint[], ?::bigint[])
                 as v(id, balance, held, sent_day, sent_day_total, sent_month, sent_month_total, version)
            where a.id = v.id""";

    @Inject
    Sql sql;

    /** A journal entry as written: its head and its postings (in the order written). */
    public record NewEntry(UUID id, String type, String currency, long amount, String reference, UUID reverses,
                           String externalRef, UUID initiatedBy, Instant at, List<PostingRow> postings) {
    }

    /** A posting row: the account, the signed amount, and the account's balance and version after it. */
    public record PostingRow(long accountId, long amount, long balanceAfter, long accountVersion) {
    }

    private record Posting(UUID entryId, String at, PostingRow row) {
    }

    /**
     * Writes {@code entries} in order (their sequence numbers follow it) and sets each of {@code accounts} to the state
     * given: the state after the last entry touching it. An account must appear once.
     */
    public void write(List<NewEntry> entries, List<LedgerAccount> accounts) {
        if (entries.isEmpty()) {
            return;
        }
        List<Posting> postings = entries.stream().flatMap(entry -> entry.postings().stream()
                .map(row -> new Posting(entry.id(), timestamp(entry.at()), row))).toList();
        sql.work(connection -> {
            try (var statement = connection.prepareStatement(WRITE)) {
                int i = 1;
                statement.setArray(i++, array(connection, "uuid", entries, NewEntry::id));
                statement.setArray(i++, array(connection, "text", entries, NewEntry::type));
                statement.setArray(i++, array(connection, "text", entries, NewEntry::currency));
                statement.setArray(i++, array(connection, "bigint", entries, NewEntry::amount));
                statement.setArray(i++, array(connection, "text", entries, NewEntry::reference));
                statement.setArray(i++, array(connection, "uuid", entries, NewEntry::reverses));
                statement.setArray(i++, array(connection, "text", entries, NewEntry::externalRef));
                statement.setArray(i++, array(connection, "uuid", entries, NewEntry::initiatedBy));
                statement.setArray(i++, array(connection, "timestamptz", entries, entry -> timestamp(entry.at())));
                statement.setArray(i++, array(connection, "uuid", postings, Posting::entryId));
                statement.setArray(i++, array(connection, "bigint", postings, p -> p.row().accountId()));
                statement.setArray(i++, array(connection, "bigint", postings, p -> p.row().amount()));
                statement.setArray(i++, array(connection, "bigint", postings, p -> p.row().balanceAfter()));
                statement.setArray(i++, array(connection, "bigint", postings, p -> p.row().accountVersion()));
                statement.setArray(i++, array(connection, "timestamptz", postings, Posting::at));
                statement.setArray(i++, array(connection, "bigint", accounts, LedgerAccount::id));
                statement.setArray(i++, array(connection, "bigint", accounts, LedgerAccount::balance));
                statement.setArray(i++, array(connection, "bigint", accounts, LedgerAccount::held));
                statement.setArray(i++, array(connection, "date", accounts, account -> date(account.sentDay())));
                statement.setArray(i++, array(connection, "bigint", accounts, LedgerAccount::sentDayTotal));
                statement.setArray(i++, array(connection, "date", accounts, account -> date(account.sentMonth())));
                statement.setArray(i++, array(connection, "bigint", accounts, LedgerAccount::sentMonthTotal));
                statement.setArray(i++, array(connection, "bigint", accounts, LedgerAccount::version));
                statement.executeUpdate();
                return null;
            }
        });
    }

    private static <T> Array array(Connection connection, String type, List<T> items, Function<T, Object> column)
            throws SQLException {
        Object[] values = new Object[items.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = column.apply(items.get(i));
        }
        return connection.createArrayOf(type, values);
    }

    /** As PostgreSQL reads a timestamptz in an array: ISO 8601 in UTC, always with seconds (Instant's form). */
    private static String timestamp(Instant at) {
        return at.toString();
    }

    private static Date date(LocalDate day) {
        return day == null ? null : Date.valueOf(day);
    }
}
