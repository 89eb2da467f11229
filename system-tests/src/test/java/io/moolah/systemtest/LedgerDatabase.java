package io.moolah.systemtest;

import io.moolah.localstack.testing.PlatformExtension.RunningPlatform;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the ledger's tables directly, for what the public API does not show: system accounts and holds. The ledger runs on
 * two shards (docs/sharding.md): each figure is over both, and a statement runs on both.
 */
final class LedgerDatabase {
    private LedgerDatabase() {
    }

    private static final List<String> SHARDS = java.util.stream.Stream.concat(java.util.stream.Stream.of("transaction"),
            io.moolah.localstack.Infrastructure.LEDGER_SHARD_DATABASES.stream()).toList();

    private static Connection open(RunningPlatform platform, String database) throws Exception {
        var infrastructure = platform.infrastructure();
        return DriverManager.getConnection(infrastructure.jdbcUrl(database), infrastructure.postgresUser(), infrastructure.postgresPassword());
    }

    /** The balance of a provider's clearing account (PEACH or ZAPPER) in ZAR: each shard's, added up. */
    static long clearingBalance(RunningPlatform platform, String provider) throws Exception {
        long total = 0;
        for (String shard : SHARDS) {
            try (Connection connection = open(platform, shard);
                 var statement = connection.prepareStatement("select balance from ledger_account where account_key = ?")) {
                statement.setString(1, "clearing:" + provider + ":ZAR");
                try (ResultSet row = statement.executeQuery()) {
                    total += row.next() ? row.getLong(1) : 0;
                }
            }
        }
        return total;
    }

    /** The status of every hold ever placed on a wallet. */
    static List<String> holdStatuses(RunningPlatform platform, String walletId) throws Exception {
        List<String> statuses = new ArrayList<>();
        for (String shard : SHARDS) {
            try (Connection connection = open(platform, shard);
                 var statement = connection.prepareStatement("select status from hold where wallet_id = ?::uuid")) {
                statement.setString(1, walletId);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        statuses.add(rows.getString(1));
                    }
                }
            }
        }
        return statuses;
    }

    /** Runs one statement on every shard's database: a fault a test sets up and takes away. */
    static void execute(RunningPlatform platform, String sql) throws Exception {
        for (String shard : SHARDS) {
            try (Connection connection = open(platform, shard); var statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }
    }

    /** The ledger shard that holds a wallet's money, once the ledger has its projection (shard 0's directory). */
    static java.util.Optional<Integer> shardOf(RunningPlatform platform, String walletId) throws Exception {
        try (Connection connection = open(platform, SHARDS.get(0));
             var statement = connection.prepareStatement("select shard from wallet where wallet_id = ?::uuid")) {
            statement.setString(1, walletId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? java.util.Optional.of(row.getInt(1)) : java.util.Optional.empty();
            }
        }
    }

    /** The database name of a shard by number. */
    static String database(int shard) {
        return SHARDS.get(shard);
    }
}
