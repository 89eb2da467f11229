package io.moolah.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A real Prometheus (Debian's {@code prometheus} package) for {@code ./moolah up --monitoring}: it scrapes every
 * service's {@code /q/metrics} every 5 s and evaluates the same alert rules as Kubernetes (the groups of
 * k8s/monitoring/prometheusrule.yaml), so a load test shows which alerts fire. Every scraped series gets
 * {@code namespace="moolah"}, as the Prometheus Operator's ServiceMonitors give it, because the rules select on it.
 * Rules that read Kubernetes' own metrics (cAdvisor's container CPU and memory, kube-state-metrics' autoscalers) or
 * Strimzi's Kafka Exporter have no series here and never fire locally.
 */
public final class LocalPrometheus implements AutoCloseable {
    public static final int PORT = 9090;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int port;

    private LocalPrometheus(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The {@code prometheus} executable on the PATH, if installed. */
    public static Optional<Path> executable() {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(directory, "prometheus");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * @param targets job name to {@code host:port} of its metrics (each scraped at {@code /q/metrics})
     */
    public static LocalPrometheus start(Path projectRoot, Path home, Map<String, String> targets, int port) {
        Path prometheus = executable().orElseThrow(() -> new IllegalStateException(
                "--monitoring needs Prometheus: apt-get install -y prometheus (Debian's package)"));
        ChildProcesses.requireNotStopping("Prometheus");
        Path directory = home.resolve("monitoring");
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("alert-rules.yaml"),
                    ruleGroups(Files.readString(projectRoot.resolve("k8s/monitoring/prometheusrule.yaml"))));
            Files.writeString(directory.resolve("prometheus.yml"), config(targets));
            Path log = home.resolve("logs").resolve("prometheus.log");
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(prometheus.toString(),
                    "--config.file=" + directory.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + home.resolve("data").resolve("prometheus"),
                    "--storage.tsdb.retention.time=2d",
                    "--web.listen-address=" + Ports.LOOPBACK + ":" + port)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            ChildProcesses.register(process);
            LocalPrometheus started = new LocalPrometheus(process, port);
            Await.until("Prometheus on port " + port, READY_TIMEOUT, started::ready);
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("Prometheus did not start", e);
        }
    }

    /**
     * The rule groups of a PrometheusRule manifest as a plain Prometheus rule file: its {@code spec:} block, one
     * indentation level out ({@code spec.groups} becomes {@code groups}).
     */
    static String ruleGroups(String prometheusRule) {
        List<String> lines = prometheusRule.lines().toList();
        int spec = lines.indexOf("spec:");
        if (spec < 0) {
            throw new IllegalArgumentException("no top-level spec: in the PrometheusRule");
        }
        StringBuilder rules = new StringBuilder();
        for (String line : lines.subList(spec + 1, lines.size())) {
            if (line.startsWith("---")) {
                break;
            }
            if (!line.isBlank() && !line.startsWith("  ")) {
                break;
            }
            rules.append(line.isBlank() ? "" : line.substring(2)).append('\n');
        }
        return rules.toString();
    }

    static String config(Map<String, String> targets) {
        StringBuilder config = new StringBuilder("""
                # Written by ./moolah up --monitoring (local-stack LocalPrometheus); rules from k8s/monitoring.
                global:
                  scrape_interval: 5s
                  evaluation_interval: 5s
                rule_files:
                  - alert-rules.yaml
                scrape_configs:
                """);
        for (Map.Entry<String, String> target : new TreeMap<>(targets).entrySet()) {
            config.append("  - job_name: ").append(target.getKey()).append('\n')
                    .append("    metrics_path: /q/metrics\n")
                    .append("    static_configs:\n")
                    .append("      - targets: ['").append(target.getValue()).append("']\n")
                    .append("        labels: {namespace: moolah}\n");
        }
        return config.toString();
    }

    public String url() {
        return "http://" + Ports.LOOPBACK + ":" + port;
    }

    public long pid() {
        return process.pid();
    }

    private boolean ready() {
        if (!process.isAlive()) {
            throw new IllegalStateException("Prometheus exited with " + process.exitValue() + "; see .moolah/logs/prometheus.log");
        }
        return get("/-/ready").map(body -> true).orElse(false);
    }

    /** Each active alert (pending or firing) by name, with its state, from Prometheus's /api/v1/alerts. */
    public Map<String, String> alertStates() {
        Map<String, String> states = new TreeMap<>();
        get("/api/v1/alerts").ifPresent(body -> {
            try {
                for (JsonNode alert : JSON.readTree(body).path("data").path("alerts")) {
                    String name = alert.path("labels").path("alertname").asText();
                    String state = alert.path("state").asText();
                    // One alert name may be active for several label sets; firing wins over pending.
                    states.merge(name, state, (was, now) -> "firing".equals(was) ? was : now);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return states;
    }

    /** The result of an instant query as series labels to value (the labels as Prometheus prints them). */
    public Map<String, Double> query(String promql) {
        Map<String, Double> values = new LinkedHashMap<>();
        get("/api/v1/query?query=" + java.net.URLEncoder.encode(promql, java.nio.charset.StandardCharsets.UTF_8)).ifPresent(body -> {
            try {
                for (JsonNode series : JSON.readTree(body).path("data").path("result")) {
                    values.put(series.path("metric").toString(), series.path("value").path(1).asDouble());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return values;
    }

    private Optional<String> get(String path) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url() + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        ChildProcesses.stop(process, Duration.ofSeconds(10));
    }
}
