package io.moolah.systemtest;

import io.moolah.localstack.testing.PlatformExtension.RunningPlatform;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** Reads the ledger's tables directly, for what the public API does not show: system accounts and holds. */
final class LedgerDatabase {
    private LedgerDatabase() {
    }

    private static Connection open(RunningPlatform platform) throws Exception {
        var infrastructure = platform.infrastructure();
        return DriverManager.getConnection(infrastructure.jdbcUrl("transaction"), infrastructure.postgresUser(), infrastructure.postgresPassword());
    }

    /** The balance of a provider's clearing account (PEACH or ZAPPER) in ZAR. */
    static long clearingBalance(RunningPlatform platform, String provider) throws Exception {
        try (Connection connection = open(platform);
             var statement = connection.prepareStatement("select balance from ledger_account where account_key = ?")) {
            statement.setString(1, "clearing:" + provider + ":ZAR");
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    /** The status of every hold ever placed on a wallet. */
    static List<String> holdStatuses(RunningPlatform platform, String walletId) throws Exception {
        try (Connection connection = open(platform);
             var statement = connection.prepareStatement("select status from hold where wallet_id = ?::uuid")) {
            statement.setString(1, walletId);
            List<String> statuses = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    statuses.add(rows.getString(1));
                }
            }
            return statuses;
        }
    }

    /** Runs one statement on the ledger's database: a fault a test sets up and takes away. */
    static void execute(RunningPlatform platform, String sql) throws Exception {
        try (Connection connection = open(platform); var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
