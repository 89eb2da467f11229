package io.moolah.systemtest;

import io.moolah.systemtest.Customers.Customer;

import io.moolah.localstack.Await;
import io.moolah.localstack.Ports;
import io.moolah.localstack.ServiceProcess;
import io.moolah.localstack.testing.PlatformExtension;
import io.moolah.localstack.testing.PlatformExtension.RunningPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two cache-service instances behind a second gateway (round-robin between them) while money keeps moving: a client
 * that passes the version it last read as Min-Version never gets an older balance from the other instance.
 */
@ExtendWith(PlatformExtension.class)
class TwoCacheInstancesSystemTest {
    @Test
    void aBalanceReadFromOneInstanceIsNeverNewerThanTheNextReadFromTheOther(RunningPlatform platform) throws Exception {
        Path root = Path.of(System.getProperty("moolah.project.root", ".."));
        Path runDirectory = Files.createTempDirectory("two-caches");
        var ports = platform.platform().ports();
        String jwks = "http://127.0.0.1:" + ports.account() + "/api/v1/auth/jwks.json";
        int secondCachePort = Ports.free();
        try (ServiceProcess secondCache = ServiceProcess.start("cache-service-2", root.resolve("cache-service/target/quarkus-app/quarkus-run.jar"),
                secondCachePort, Map.of(
                        "QUARKUS_HTTP_PORT", String.valueOf(secondCachePort),
                        "QUARKUS_REDIS_HOSTS", platform.infrastructure().redisUrl(),
                        "KAFKA_BOOTSTRAP_SERVERS", platform.kafkaBootstrapServers(),
                        "MOOLAH_CACHE_LEDGER_URL", "http://127.0.0.1:" + ports.transaction(),
                        "MOOLAH_AUTH_JWKS_URL", jwks), runDirectory.resolve("cache-service-2.log"));
             ExtraProcesses.ExtraGateway secondGateway = ExtraProcesses.gateway("gateway-2", platform, runDirectory,
                     Map.of("MOOLAH_GATEWAY_UPSTREAMS_CACHE_URLS", ExtraProcesses.local(ports.cache()) + "," + ExtraProcesses.local(secondCachePort)))) {
            secondCache.awaitReady(Duration.ofSeconds(90));
            secondGateway.process().awaitReady(Duration.ofSeconds(90));
            GatewayClient twoCaches = secondGateway.client();
            GatewayClient client = new GatewayClient(platform.gatewayUrl(), platform.gatewayCertificate());

            Customer a = Customers.register(client, "Two Caches");
            Customer b = Customers.register(client, "Two Caches");
            Customers.fund(client, platform, a, 100_000);

            AtomicBoolean moving = new AtomicBoolean(true);
            ExecutorService sender = Executors.newSingleThreadExecutor();
            Future<Integer> transfers = sender.submit(() -> {
                int sent = 0;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (moving.get() && sent < 200 && System.nanoTime() < deadline) {
                    var reply = client.send("POST", "/transfers", GatewayClient.json(Map.of("fromWalletId", a.walletId(), "toWalletId", b.walletId(),
                            "amount", 1, "currency", "ZAR")), Map.of("Authorization", "Bearer " + a.token(), "Idempotency-Key", UUID.randomUUID().toString()));
                    sent += reply.status() == 201 ? 1 : 0;
                }
                return sent;
            });
            long lastVersion = 0;
            double firstBefore = l1Lookups(ports.cache());
            double secondBefore = l1Lookups(secondCachePort);
            try {
                for (int read = 0; read < 200; read++) {
                    var reply = twoCaches.send("GET", "/wallets/" + a.walletId() + "/balance", null,
                            Map.of("Authorization", "Bearer " + a.token(), "Min-Version", String.valueOf(lastVersion)));
                    assertEquals(200, reply.status(), reply.body());
                    long version = reply.json().get("version").asLong();
                    assertTrue(version >= lastVersion, "read " + read + " went back from version " + lastVersion + " to " + version);
                    lastVersion = version;
                }
            } finally {
                moving.set(false);
                sender.shutdown();
            }
            assertTrue(l1Lookups(ports.cache()) - firstBefore >= 50, "the first instance served its share");
            assertTrue(l1Lookups(secondCachePort) - secondBefore >= 50, "the second instance served its share");
            int sent = transfers.get(60, TimeUnit.SECONDS);
            assertTrue(sent > 10, "money kept moving during the reads: " + sent + " transfers");
            long finalVersion = lastVersion;
            Await.until("both instances to agree on the final version", Duration.ofSeconds(30), () -> {
                long first = twoCaches.get("/wallets/" + a.walletId() + "/balance", a.token()).json().get("version").asLong();
                long second = twoCaches.get("/wallets/" + a.walletId() + "/balance", a.token()).json().get("version").asLong();
                return first == second && first >= finalVersion;
            });
        }
    }

    /** How many balance reads an instance has looked up in its L1 (hits and misses), from its Prometheus metrics. */
    private static double l1Lookups(int port) throws Exception {
        String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/q/metrics")).timeout(Duration.ofSeconds(10)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        double total = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("moolah_cache_requests_total{layer=\"l1\"")) {
                total += io.moolah.localstack.PrometheusText.value(line);
            }
        }
        return total;
    }
}
