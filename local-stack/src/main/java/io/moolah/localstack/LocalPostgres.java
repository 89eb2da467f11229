package io.moolah.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/** A real PostgreSQL 17 server (zonky's embedded binaries) on a loopback port, with one database per service. */
public final class LocalPostgres implements AutoCloseable {
    public static final String USER = "postgres";
    /** The system property naming extra server settings; see {@link #extraServerConfig}. */
    public static final String EXTRA_CONFIG_PROPERTY = "moolah.postgres.server-config";
    private final EmbeddedPostgres postgres;

    private LocalPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * @param dataDirectory kept between starts when given; a throw-away directory when null
     */
    public static LocalPostgres start(int port, Path dataDirectory, List<String> databases) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", Ports.LOOPBACK)
                    .setServerConfig("max_connections", "300")
                    // Acknowledged means durable (ARCHITECTURE.md): a 2xx for a money movement survives a kill -9 of
                    // PostgreSQL. The embedded server's defaults trade that away for speed (synchronous_commit off).
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    // Each service's outbox relay reads its events from the write-ahead log through a logical
                    // replication slot (outbox/WalRelay): one slot and one sender per database, with room to spare.
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_replication_slots", "20")
                    .setServerConfig("max_wal_senders", "20");
            extraServerConfig(System.getProperty(EXTRA_CONFIG_PROPERTY, "")).forEach(builder::setServerConfig);
            if (dataDirectory != null) {
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            }
            LocalPostgres server = new LocalPostgres(builder.start());
            databases.forEach(server::createDatabaseIfMissing);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start on port " + port, e);
        }
    }

    /**
     * Extra server settings from {@code -Dmoolah.postgres.server-config=name=value;name=value}: for experiments only
     * (a benchmark with {@code shared_preload_libraries=pg_stat_statements}, say), never needed by the tests.
     */
    static java.util.Map<String, String> extraServerConfig(String pairs) {
        java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
        for (String pair : pairs.split(";")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                settings.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
            }
        }
        return settings;
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + Ports.LOOPBACK + ":" + port() + "/" + database;
    }

    public void createDatabaseIfMissing(String database) {
        if (!database.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("create database " + database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database, e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
