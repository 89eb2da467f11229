package io.moolah.localstack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real Kafka broker in KRaft mode (one combined broker and controller) running as a child JVM from the kafka_2.13
 * jars on this process's classpath. A child process, not an in-process broker, so fault tests can stop it and start it
 * again on the same port and log directory, as an outage would.
 */
public final class LocalKafka implements AutoCloseable {
    private final int port;
    private final int controllerPort;
    private final Path directory;
    private final boolean deleteOnClose;
    private Process process;

    private LocalKafka(int port, int controllerPort, Path directory, boolean deleteOnClose) {
        this.port = port;
        this.controllerPort = controllerPort;
        this.directory = directory;
        this.deleteOnClose = deleteOnClose;
    }

    /**
     * @param directory logs and data are kept there between starts when given; a throw-away directory when null
     */
    public static LocalKafka start(int port, Path directory) {
        try {
            boolean temporary = directory == null;
            Path home = temporary ? Files.createTempDirectory("moolah-kafka") : directory;
            LocalKafka kafka = new LocalKafka(port, Ports.free(), home, temporary);
            kafka.start();
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A handle on a broker already set up in {@code directory} (started by another class loader, say), not running. */
    public static LocalKafka existing(int port, int controllerPort, Path directory) {
        return new LocalKafka(port, controllerPort, directory, false);
    }

    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            Files.createDirectories(directory);
            Path config = writeConfig();
            if (!Files.exists(directory.resolve("data").resolve("meta.properties"))) {
                format(config);
            }
            process = java("kafka.Kafka", config.toString())
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("broker.log").toFile()))
                    .start();
            ChildProcesses.register(process);
            Await.until("Kafka on port " + port, Duration.ofSeconds(90), () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Kafka exited; see " + directory.resolve("broker.log"));
                }
                return Ports.listening(port) && brokerAnswers();
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Kafka did not start on port " + port, e);
        }
    }

    /** Stops the broker (a clean shutdown, then a kill if it lingers); {@link #start()} brings it back. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        ChildProcesses.stop(process, Duration.ofSeconds(20));
        process = null;
        Await.until("Kafka to release port " + port, Duration.ofSeconds(20), () -> !Ports.listening(port));
    }

    /** Whether the broker's process runs (a kill -9 ends it). */
    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public String bootstrapServers() {
        return Ports.LOOPBACK + ":" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public Path directory() {
        return directory;
    }

    public long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Creates the topics if they are missing (partitions given, replication factor 1). */
    public void createTopics(Collection<String> names, int partitions) {
        try (Admin admin = admin()) {
            List<NewTopic> topics = new ArrayList<>();
            for (String name : names) {
                topics.add(new NewTopic(name, partitions, (short) 1));
            }
            for (var result : admin.createTopics(topics).values().values()) {
                try {
                    result.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("topic creation failed", e.getCause());
                    }
                }
            }
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("topic creation did not finish", e);
        }
    }

    @Override
    public void close() {
        stop();
        if (deleteOnClose) {
            Files2.deleteRecursively(directory);
        }
    }

    private boolean brokerAnswers() {
        try (Admin admin = admin()) {
            admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
    }

    private Path writeConfig() throws IOException {
        String properties = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@" + Ports.LOOPBACK + ":" + controllerPort,
                "listeners=PLAINTEXT://" + Ports.LOOPBACK + ":" + port + ",CONTROLLER://" + Ports.LOOPBACK + ":" + controllerPort,
                "advertised.listeners=PLAINTEXT://" + Ports.LOOPBACK + ":" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + directory.resolve("data").toAbsolutePath(),
                "num.partitions=3",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=5",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=5",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.flush.interval.messages=1",
                "");
        Path config = directory.resolve("server.properties");
        Files.writeString(config, properties);
        return config;
    }

    private void format(Path config) throws IOException {
        Process formatter = java("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
                "-c", config.toString(), "--ignore-formatted")
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("format.log").toFile()))
                .start();
        try {
            if (!formatter.waitFor(60, TimeUnit.SECONDS) || formatter.exitValue() != 0) {
                formatter.destroyForcibly();
                throw new IllegalStateException("formatting Kafka storage failed; see " + directory.resolve("format.log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private ProcessBuilder java(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(JavaCommand.executable(),
                "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true",
                "-Dkafka.logs.dir=" + directory.toAbsolutePath(),
                "-cp", JavaCommand.classPath(), mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).directory(directory.toFile());
    }
}
