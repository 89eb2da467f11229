package io.moolah.localstack;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** ./moolah up --monitoring's Prometheus: the rule file it derives, and a real Prometheus scraping and alerting. */
class LocalPrometheusTest {
    private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theRuleFileIsThePrometheusRulesGroups() throws IOException {
        String manifest = Files.readString(PROJECT.resolve("k8s/monitoring/prometheusrule.yaml"));
        String rules = LocalPrometheus.ruleGroups(manifest);
        assertTrue(rules.startsWith("groups:\n  - name: moolah.services\n"), rules);
        assertEquals(manifest.split("\n        - alert: ", -1).length - 1, rules.split("\n      - alert: ", -1).length - 1,
                "every alert, one level out");
        assertEquals(12, rules.split("\n      - alert: ", -1).length - 1);
        assertTrue(rules.contains("\n        expr: |\n          histogram_quantile(0.95"), "block scalars keep their indentation");
    }

    @Test
    void theConfigScrapesEveryTargetWithTheNamespaceTheRulesSelect() {
        String config = LocalPrometheus.config(Map.of("gateway", "127.0.0.1:9000", "cache-service", "127.0.0.1:8084"));
        assertTrue(config.contains("""
                  - job_name: cache-service
                    metrics_path: /q/metrics
                    static_configs:
                      - targets: ['127.0.0.1:8084']
                        labels: {namespace: moolah}
                  - job_name: gateway
                """), config);
        assertTrue(config.contains("rule_files:\n  - alert-rules.yaml\n"), config);
    }

    @Test
    void aRealPrometheusScrapesAndEvaluatesTheRules(@TempDir Path home) throws IOException {
        if (LocalPrometheus.executable().isEmpty()) {
            String missing = "prometheus is not on the PATH: apt-get install -y prometheus";
            if ("true".equals(System.getenv("MOOLAH_CI"))) {
                fail(missing);
            }
            Assumptions.abort(missing);
        }
        // A service whose metrics say one event waits in its dead letters and 5,000 in its outbox.
        HttpServer service = HttpServer.create(new InetSocketAddress(Ports.LOOPBACK, 0), 0);
        service.createContext("/q/metrics", exchange -> {
            byte[] body = "moolah_dead_letters_open 1\nmoolah_outbox_backlog 5000\n".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        service.start();
        try (LocalPrometheus prometheus = LocalPrometheus.start(PROJECT, home,
                Map.of("cache-service", Ports.LOOPBACK + ":" + service.getAddress().getPort()), Ports.free())) {
            Await.until("the service scraped", Duration.ofSeconds(30),
                    () -> prometheus.query("up{job=\"cache-service\",namespace=\"moolah\"}").containsValue(1.0));
            // Both alerts wait out their `for` (1 and 5 minutes) as pending: the rules are loaded and evaluated.
            Await.until("the rules evaluated", Duration.ofSeconds(30), () -> {
                Map<String, String> states = prometheus.alertStates();
                return "pending".equals(states.get("MoolahDeadLetters")) && "pending".equals(states.get("MoolahOutboxBacklog"));
            });
            assertEquals(Map.of("MoolahDeadLetters", "pending", "MoolahOutboxBacklog", "pending"), prometheus.alertStates());
        } finally {
            service.stop(0);
        }
    }
}
