package io.moolah.localstack;


import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * PostgreSQL, Redis and Kafka for one run: started here on loopback ports, or external servers named by environment
 * variables ({@code MOOLAH_POSTGRES_URL} with {@code MOOLAH_POSTGRES_USER}/{@code _PASSWORD}, {@code MOOLAH_REDIS_URL},
 * {@code MOOLAH_KAFKA_BOOTSTRAP_SERVERS}). The launcher, the Quarkus test resources and the system tests all use this.
 */
public final class Infrastructure implements AutoCloseable {
    /** The ledger's further shards (docs/sharding.md): shard 0 is the transaction-service's own database, then these. */
    public static final List<String> LEDGER_SHARD_DATABASES = List.of("transaction_s1");
    /** One database per service that has one, and the ledger's further shards. */
    public static final List<String> SERVICE_DATABASES = List.of("account", "transaction", "payment", "transaction_s1");
    /** The services' event topics, and the ledger's own between its shards (ledger.transfers). */
    public static final List<String> TOPICS = List.of("account.events", "transaction.events", "payment.events", "ledger.transfers");
    public static final int TOPIC_PARTITIONS = 3;

    /**
     * @param dataDirectory where the servers keep their data; null for throw-away directories
     */
    public record Settings(Path dataDirectory, int postgresPort, int redisPort, int kafkaPort) {
        /** Free ports and throw-away data: for tests. */
        public static Settings ephemeral() {
            return new Settings(null, Ports.free(), Ports.free(), Ports.free());
        }
    }

    private volatile LocalPostgres postgres;
    private Path postgresData;
    private final LocalRedis redis;
    private final LocalKafka kafka;
    private final String postgresBaseUrl;
    private final String postgresUser;
    private final String postgresPassword;
    private final String redisUrl;
    private final String kafkaBootstrap;

    private Infrastructure(LocalPostgres postgres, LocalRedis redis, LocalKafka kafka, Map<String, String> env) {
        this.postgres = postgres;
        this.redis = redis;
        this.kafka = kafka;
        this.postgresBaseUrl = postgres != null
                ? "jdbc:postgresql://" + Ports.LOOPBACK + ":" + postgres.port()
                : stripTrailingSlash(env.get("MOOLAH_POSTGRES_URL"));
        this.postgresUser = postgres != null ? LocalPostgres.USER : env.getOrDefault("MOOLAH_POSTGRES_USER", "postgres");
        this.postgresPassword = postgres != null ? "postgres" : env.getOrDefault("MOOLAH_POSTGRES_PASSWORD", "");
        this.redisUrl = redis != null ? redis.url() : env.get("MOOLAH_REDIS_URL");
        this.kafkaBootstrap = kafka != null ? kafka.bootstrapServers() : env.get("MOOLAH_KAFKA_BOOTSTRAP_SERVERS");
    }

    /** Starts what the environment does not name, in parallel, and prepares databases and topics. */
    public static Infrastructure start(Settings settings, Map<String, String> env) {
        Path data = settings.dataDirectory();
        var postgres = CompletableFuture.supplyAsync(() -> env.containsKey("MOOLAH_POSTGRES_URL") ? null
                : LocalPostgres.start(settings.postgresPort(), data == null ? null : data.resolve("postgres"), List.of()));
        var redis = CompletableFuture.supplyAsync(() -> env.containsKey("MOOLAH_REDIS_URL") ? null
                : startRedis(settings.redisPort(), data));
        var kafka = CompletableFuture.supplyAsync(() -> env.containsKey("MOOLAH_KAFKA_BOOTSTRAP_SERVERS") ? null
                : LocalKafka.start(settings.kafkaPort(), data == null ? null : data.resolve("kafka")));
        Infrastructure infrastructure;
        try {
            infrastructure = new Infrastructure(postgres.join(), redis.join(), kafka.join(), env);
        } catch (CompletionException e) {
            // Stop whatever did start before reporting the failure.
            closeQuietly(postgres.getNow(null));
            closeQuietly(redis.getNow(null));
            closeQuietly(kafka.getNow(null));
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        infrastructure.postgresData = data == null ? null : data.resolve("postgres");
        SERVICE_DATABASES.forEach(infrastructure::createDatabase);
        if (infrastructure.kafka != null) {
            infrastructure.kafka.createTopics(TOPICS, TOPIC_PARTITIONS);
        }
        return infrastructure;
    }

    /**
     * The servers started here that a supervisor can restart after a crash: Redis and Kafka, and PostgreSQL when its
     * data is kept (a throw-away test database would come back empty, so it is not restarted).
     */
    public List<Restartable> restartable() {
        List<Restartable> servers = new java.util.ArrayList<>();
        if (postgres != null && postgresData != null) {
            int port = postgres.port();
            servers.add(Restartable.of("postgresql", () -> Ports.listening(port), () -> {
                ChildProcesses.requireNotStopping("postgresql");
                closeQuietly(postgres);
                postgres = LocalPostgres.start(port, postgresData, List.of());
            }));
        }
        if (redis != null) {
            servers.add(Restartable.of("redis", () -> Ports.listening(redis.port()), () -> {
                try {
                    redis.stop();
                } catch (RuntimeException alreadyGone) {
                    // Killed: nothing to stop.
                }
                redis.start();
            }));
        }
        if (kafka != null) {
            servers.add(Restartable.of("kafka", kafka::isAlive, () -> {
                kafka.stop();
                kafka.start();
            }));
        }
        return servers;
    }

    public String jdbcUrl(String database) {
        return postgresBaseUrl + "/" + database;
    }

    public String postgresUser() {
        return postgresUser;
    }

    public String postgresPassword() {
        return postgresPassword;
    }

    /**
     * Starts Redis, trying up to three times. A throw-away port (tests: no data directory) can be taken between choosing
     * and binding it, as outgoing connections draw from the same range, so then another free port is tried. And the
     * freshly extracted redis-server can fail to execute with "Text file busy" while another thread forks (PostgreSQL
     * and Kafka start at the same moment): CI met it once, so that is tried again too.
     */
    private static LocalRedis startRedis(int port, Path data) {
        java.io.UncheckedIOException failure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return LocalRedis.start(attempt == 0 || data != null ? port : Ports.free(), data == null ? null : data.resolve("redis"));
            } catch (java.io.UncheckedIOException e) {
                failure = e;
                Await.sleep(200);
            }
        }
        throw failure;
    }

    /** For quarkus.redis.hosts. */
    public String redisUrl() {
        return redisUrl;
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrap;
    }

    /** The broker started here, for fault tests; empty when Kafka is external. */
    public LocalKafka kafka() {
        if (kafka == null) {
            throw new IllegalStateException("Kafka is external (MOOLAH_KAFKA_BOOTSTRAP_SERVERS); it cannot be stopped from here");
        }
        return kafka;
    }

    public LocalRedis redis() {
        if (redis == null) {
            throw new IllegalStateException("Redis is external (MOOLAH_REDIS_URL); it cannot be stopped from here");
        }
        return redis;
    }

    public void createDatabase(String database) {
        if (postgres != null) {
            postgres.createDatabaseIfMissing(database);
        } else {
            createDatabase(jdbcUrl("postgres"), postgresUser, postgresPassword, database);
        }
    }

    /** Creates {@code database} on the server behind {@code adminJdbcUrl} unless it exists. */
    public static void createDatabase(String adminJdbcUrl, String user, String password, String database) {
        if (!database.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        try (Connection connection = DriverManager.getConnection(adminJdbcUrl, user, password);
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
            throw new IllegalStateException("cannot prepare database " + database + " on " + adminJdbcUrl, e);
        }
    }

    public boolean hasLocalKafka() {
        return kafka != null;
    }

    public boolean hasLocalRedis() {
        return redis != null;
    }

    @Override
    public void close() {
        closeQuietly(kafka);
        closeQuietly(redis);
        closeQuietly(postgres);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            System.err.println("stopping " + closeable.getClass().getSimpleName() + " failed: " + e);
        }
    }

    private static String stripTrailingSlash(String url) {
        if (url == null) {
            return null;
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
