package io.moolah.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One service JVM started from its built jar ({@code <module>/target/quarkus-app/quarkus-run.jar}). */
public final class ServiceProcess implements AutoCloseable, Restartable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final List<String> JVM_OPTIONS = List.of(
            "-Xms48m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-Xss512k");
    /**
     * The services on the busy paths get their whole heap from the start, half of it young. With the default young
     * generation (about 13 MB of eden at -Xms48m) the gateway, which allocates about 17 KB per proxied request,
     * collected some 20 times a second under load, and this made it 2 (session 8); the transaction-service at c=32
     * paused 173 times in 20 s (mean 4.6 ms, every transfer in flight waiting) and with it 27 times (session 11). See
     * docs/benchmarks.md.
     */
    private static final List<String> BUSY_SERVICE_HEAP = List.of("-Xms256m", "-XX:NewRatio=1");
    private static final Map<String, List<String>> SERVICE_JVM_OPTIONS = Map.of(
            "gateway", BUSY_SERVICE_HEAP,
            "transaction-service", BUSY_SERVICE_HEAP,
            "cache-service", BUSY_SERVICE_HEAP);

    /**
     * JVM options added last to every service's command line, for experiments (a benchmark with another heap or
     * collector, say); never needed by the tests or a local run.
     */
    static final String EXPERIMENT_OPTIONS = "MOOLAH_SERVICE_JVM_OPTIONS";

    private final String name;
    private final int healthPort;
    private final Path log;
    private final Path jar;
    private final Map<String, String> environment;
    private volatile Process process;
    private volatile boolean closing;
    private final java.util.concurrent.atomic.AtomicInteger restarts = new java.util.concurrent.atomic.AtomicInteger();

    private ServiceProcess(String name, int healthPort, Path log, Path jar, Map<String, String> environment, Process process) {
        this.name = name;
        this.healthPort = healthPort;
        this.log = log;
        this.jar = jar;
        this.environment = Map.copyOf(environment);
        this.process = process;
    }

    /**
     * @param healthPort where {@code /q/health/ready} answers (the management port for the gateway)
     * @param environment the service's configuration, as environment variables
     */
    public static ServiceProcess start(String name, Path jar, int healthPort, Map<String, String> environment, Path log) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + " is not built: " + jar + " is missing (run mvn -DskipTests package)");
        }
        return new ServiceProcess(name, healthPort, log, jar, environment, launch(name, jar, environment, log));
    }

    /**
     * Starts the service again after its process ended (a crash, a kill -9), as Kubernetes restarts a container:
     * the same jar, settings and log (a line in the log says so). Nothing happens once the service is being closed.
     */
    @Override
    public synchronized void restart() {
        if (closing || process.isAlive()) {
            return;
        }
        int exit = process.exitValue();
        try {
            Files.writeString(log, "[moolah] " + java.time.Instant.now() + " " + name + " exited with " + exit
                    + "; restarting it (restart " + (restarts.get() + 1) + ")\n", java.nio.file.StandardOpenOption.APPEND,
                    java.nio.file.StandardOpenOption.CREATE);
        } catch (IOException e) {
            // The console line says it all the same.
        }
        process = launch(name, jar, environment, log);
        restarts.incrementAndGet();
    }

    @Override
    public int restarts() {
        return restarts.get();
    }

    static List<String> experimentOptions(String options) {
        return options == null || options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
    }

    static final String JSON_LOGS = "QUARKUS_LOG_CONSOLE_JSON_ENABLED";

    private static Process launch(String name, Path jar, Map<String, String> environment, Path log) {
        ChildProcesses.requireNotStopping(name);
        try {
            Files.createDirectories(log.getParent());
            List<String> command = new ArrayList<>();
            command.add(JavaCommand.executable());
            command.addAll(JVM_OPTIONS);
            command.addAll(SERVICE_JVM_OPTIONS.getOrDefault(name, List.of()));
            command.addAll(experimentOptions(System.getenv(EXPERIMENT_OPTIONS)));
            command.add("-jar");
            command.add(jar.toString());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            // Services log JSON in production; a local run keeps the readable line unless told otherwise.
            builder.environment().putIfAbsent(JSON_LOGS, "false");
            builder.environment().put("MOOLAH_PARENT_PID", String.valueOf(ProcessHandle.current().pid()));
            Process process = builder.start();
            ChildProcesses.register(process);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Waits until {@code /q/health/ready} answers 200; fails early if the process exits. */
    public void awaitReady(Duration timeout) {
        URI ready = URI.create("http://" + Ports.LOOPBACK + ":" + healthPort + "/q/health/ready");
        Await.until(name + " to be ready (log: " + log + ")", timeout, () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; last lines of " + log
                        + ":\n" + tail(log, 30));
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                return response.statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        });
    }

    @Override
    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** Kills the service at once (SIGKILL), as a crash would. */
    public void kill() {
        process.destroyForcibly();
    }

    @Override
    public void close() {
        closing = true;
        synchronized (this) {
            ChildProcesses.stop(process, Duration.ofSeconds(15));
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
