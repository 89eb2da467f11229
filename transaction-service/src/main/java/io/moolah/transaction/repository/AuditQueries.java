package io.moolah.transaction.repository;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit's questions to one shard, asked in one read-only repeatable-read snapshot so that every figure describes
 * the same moment. They read whole tables (an account's postings, every entry's postings): an operator's check, not a
 * request path, and it runs on the primary, where the money is decided.
 */
@ApplicationScoped
public class AuditQueries {
    /** The kind of the accounts that join shards (issue 20, stage 4); none exist on a single shard. */
    public static final String INTER_SHARD_KIND = "INTER_SHARD_CLEARING";

    /** One currency's accounts on one shard: every balance summed, and the inter-shard clearing part of it. */
    public record CurrencySum(String currency, long accounts, long balanceSum, long interShardSum) {
    }

    /** Cross-shard transfers this shard sent that have not ended (SENT), per currency. */
    public record InFlight(String currency, long count, long amount) {
    }

    /** What one shard answered. Each count of problems is zero on a sound ledger. */
    public record ShardFigures(long entries, List<CurrencySum> currencies, List<InFlight> inFlight, long unbalancedEntries,
                               long accountsOffTheirPostings, long negativeWallets) {
    }

    /** Asks every question of the shard behind {@code connection} in one snapshot; the connection is left as found. */
    public ShardFigures ask(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        boolean readOnly = connection.isReadOnly();
        connection.setAutoCommit(false);
        connection.setReadOnly(true);
        try {
            io.moolah.platform.db.ReplicaReads.repeatableRead(connection);
            List<CurrencySum> currencies = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("""
                    select currency, count(*), coalesce(sum(balance), 0),
                           coalesce(sum(balance) filter (where kind = ?), 0)
                    from ledger_account group by currency order by currency""")) {
                statement.setString(1, INTER_SHARD_KIND);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        currencies.add(new CurrencySum(rows.getString(1).trim(), rows.getLong(2), rows.getLong(3), rows.getLong(4)));
                    }
                }
            }
            List<InFlight> inFlight = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("""
                    select currency, count(*), coalesce(sum(amount), 0) from cross_shard_transfer where status = 'SENT'
                    group by currency""");
                 ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    inFlight.add(new InFlight(rows.getString(1).trim(), rows.getLong(2), rows.getLong(3)));
                }
            }
            long entries = count(connection, "select count(*) from journal_entry");
            // Every entry's postings sum to zero (the database refuses any other at insert; this checks it stayed so).
            long unbalanced = count(connection, """
                    select count(*) from (select entry_id from posting group by entry_id having sum(amount) <> 0) unbalanced""");
            // An account's balance is the sum of its postings: a lost or doubled update shows here.
            long offPostings = count(connection, """
                    select count(*) from ledger_account a
                    left join (select account_id, sum(amount) as total from posting group by account_id) p on p.account_id = a.id
                    where a.balance <> coalesce(p.total, 0)""");
            long negative = count(connection, """
                    select count(*) from ledger_account where kind = 'WALLET' and balance - held < -overdraft_limit""");
            connection.commit();
            return new ShardFigures(entries, currencies, inFlight, unbalanced, offPostings, negative);
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setReadOnly(readOnly);
            connection.setAutoCommit(autoCommit);
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
