package io.moolah.localstack.testing;

import io.moolah.localstack.Await;
import io.moolah.localstack.Infrastructure;
import io.moolah.localstack.LocalKafka;
import io.moolah.localstack.LocalRedis;
import io.moolah.localstack.Ports;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One set of servers per test JVM, started on first use and stopped when the JVM exits, so every test class and every
 * Quarkus restart in a module reuses them.
 *
 * <p>Quarkus loads test classes and test resources through different class loaders, so this class can exist twice in
 * one JVM. What the copies share is therefore plain text in the system properties (addresses, ports, the broker's
 * process id and directory), and the fault controls work from that text alone.
 */
public final class SharedInfrastructure {
    private static final String PREFIX = "moolah.test.";
    private static Infrastructure started;

    private SharedInfrastructure() {
    }

    public static SharedInfrastructure get() {
        synchronized (System.class) {
            if (System.getProperty(PREFIX + "kafka.bootstrap") == null) {
                started = Infrastructure.start(Infrastructure.Settings.ephemeral(), System.getenv());
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "moolah-test-infrastructure-stop"));
                set("postgres.url", started.jdbcUrl(""));
                set("postgres.user", started.postgresUser());
                set("postgres.password", started.postgresPassword());
                set("redis.url", started.redisUrl());
                set("kafka.bootstrap", started.kafkaBootstrapServers());
                if (started.hasLocalKafka()) {
                    LocalKafka kafka = started.kafka();
                    set("kafka.port", String.valueOf(kafka.port()));
                    set("kafka.controllerPort", String.valueOf(kafka.controllerPort()));
                    set("kafka.dir", kafka.directory().toString());
                    set("kafka.pid", String.valueOf(kafka.pid()));
                }
                if (started.hasLocalRedis()) {
                    set("redis.port", String.valueOf(started.redis().port()));
                }
            }
            return new SharedInfrastructure();
        }
    }

    public String jdbcUrl(String database) {
        return get("postgres.url") + database;
    }

    public void createDatabase(String database) {
        Infrastructure.createDatabase(jdbcUrl("postgres"), postgresUser(), postgresPassword(), database);
    }

    public String postgresUser() {
        return get("postgres.user");
    }

    public String postgresPassword() {
        return get("postgres.password");
    }

    public String redisUrl() {
        return get("redis.url");
    }

    public String kafkaBootstrapServers() {
        return get("kafka.bootstrap");
    }

    /** Stops the broker, as an outage would; {@link #startKafka()} brings it back on the same port and data. */
    public void stopKafka() {
        long pid = Long.parseLong(get("kafka.pid"));
        ProcessHandle.of(pid).ifPresent(broker -> {
            broker.destroy();
            try {
                broker.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                broker.destroyForcibly();
            }
        });
        int port = Integer.parseInt(get("kafka.port"));
        Await.until("Kafka to release its port", Duration.ofSeconds(30), () -> !Ports.listening(port));
    }

    public void startKafka() {
        LocalKafka kafka = LocalKafka.existing(Integer.parseInt(get("kafka.port")),
                Integer.parseInt(get("kafka.controllerPort")), Path.of(get("kafka.dir")));
        kafka.start();
        set("kafka.pid", String.valueOf(kafka.pid()));
    }

    /** Stops Redis without saving; {@link #startRedis()} starts an empty one on the same port. */
    public void stopRedis() {
        LocalRedis.shutdown(Integer.parseInt(get("redis.port")));
    }

    public void startRedis() {
        LocalRedis.start(Integer.parseInt(get("redis.port")), null);
    }

    private static void set(String key, String value) {
        System.setProperty(PREFIX + key, value == null ? "" : value);
    }

    private static String get(String key) {
        String value = System.getProperty(PREFIX + key);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("the test infrastructure has no " + key + " (external server?)");
        }
        return value;
    }
}
