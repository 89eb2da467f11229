package io.moolah.benchmark;

import io.moolah.benchmark.BenchmarkCustomers.Customer;
import io.moolah.localstack.testing.PlatformExtension;
import io.moolah.localstack.testing.PlatformExtension.RunningPlatform;
import io.moolah.systemtest.GatewayClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Balance reads per second and latency through the cache-service and straight from the transaction-service, side by
 * side in one run, while a background writer keeps money moving (so events keep invalidating), with the hit ratio of
 * each cache layer over the cache rows.
 *
 * <p>Run on purpose: {@code mvn -DskipTests install && mvn -pl system-tests verify -Pbenchmark -Dbenchmark.test=CacheBenchmark}.
 */
@Tag("benchmark")
@ExtendWith(PlatformExtension.class)
class CacheBenchmark {
    private static final int CUSTOMERS = Integer.getInteger("benchmark.customers", 64);
    private static final int[] CONCURRENCY = {1, 4, 16};
    private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("benchmark.warmup.seconds", 5));
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("benchmark.measure.seconds", 15));
    private static final Duration JIT_WARM_UP = Duration.ofSeconds(Long.getLong("benchmark.jit-warmup.seconds", 30));
    private static final long MAX_REQUESTS = 2_000_000;
    private static final int WRITES_PER_SECOND = 20;

    private enum Layer { l1, l2, l3 }

    @Test
    void balanceReadsThroughTheCacheAndFromTheLedger(RunningPlatform platform) throws Exception {
        GatewayClient gateway = new GatewayClient(platform.gatewayUrl(), platform.gatewayCertificate());
        List<Customer> customers = BenchmarkCustomers.registerAndFund(gateway, platform, CUSTOMERS, "842", "Bench Reader", 100_000);
        var ports = platform.platform().ports();
        PlainHttpClient[] toCache = clients(ports.cache());
        PlainHttpClient[] toLedger = clients(ports.transaction());

        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        writer.submit(() -> backgroundTransfers(ports.transaction(), customers, writing));
        try {
            System.out.println("\n== Balance read benchmark: " + customers.size() + " wallets read at random, " + WRITES_PER_SECOND
                    + " transfers/s in the background, " + Runtime.getRuntime().availableProcessors() + " cores, warm-up "
                    + WARM_UP.toSeconds() + " s, measure " + MEASURE.toSeconds() + " s per row, after " + JIT_WARM_UP.toSeconds()
                    + " s of JIT warm-up on each side ==");
            LoadRun.run("JIT warm-up", 8, Duration.ZERO, JIT_WARM_UP, MAX_REQUESTS, worker -> read(toCache[worker], customers));
            LoadRun.run("JIT warm-up", 8, Duration.ZERO, JIT_WARM_UP, MAX_REQUESTS, worker -> read(toLedger[worker], customers));
            Map<Layer, double[]> before = layerCounts(ports.cache());
            for (int concurrency : CONCURRENCY) {
                System.out.println(LoadRun.run("balance via cache-service", concurrency, WARM_UP, MEASURE, MAX_REQUESTS,
                        worker -> read(toCache[worker], customers)).line());
                System.out.println(LoadRun.run("balance from transaction-service", concurrency, WARM_UP, MEASURE, MAX_REQUESTS,
                        worker -> read(toLedger[worker], customers)).line());
            }
            Map<Layer, double[]> after = layerCounts(ports.cache());
            for (Layer layer : Layer.values()) {
                double hits = after.get(layer)[0] - before.get(layer)[0];
                double misses = after.get(layer)[1] - before.get(layer)[1];
                System.out.printf("cache %s: %.0f hits, %.0f misses, hit ratio %.1f%%%n", layer, hits, misses,
                        hits + misses == 0 ? 0 : 100 * hits / (hits + misses));
            }
            double l1Hits = after.get(Layer.l1)[0] - before.get(Layer.l1)[0];
            double lookups = l1Hits + after.get(Layer.l1)[1] - before.get(Layer.l1)[1];
            double served = l1Hits + after.get(Layer.l2)[0] - before.get(Layer.l2)[0];
            System.out.printf("cache overall (served without the ledger): %.1f%%%n%n", lookups == 0 ? 0 : 100 * served / lookups);
        } finally {
            writing.set(false);
            writer.shutdown();
            writer.awaitTermination(30, TimeUnit.SECONDS);
            for (PlainHttpClient client : toCache) {
                client.close();
            }
            for (PlainHttpClient client : toLedger) {
                client.close();
            }
        }
    }

    private static PlainHttpClient[] clients(int port) {
        PlainHttpClient[] clients = new PlainHttpClient[32];
        for (int i = 0; i < clients.length; i++) {
            clients[i] = new PlainHttpClient("127.0.0.1", port);
        }
        return clients;
    }

    private static boolean read(PlainHttpClient client, List<Customer> customers) {
        Customer customer = customers.get(ThreadLocalRandom.current().nextInt(customers.size()));
        try {
            return client.get("/api/v1/wallets/" + customer.walletId() + "/balance", "Authorization", "Bearer " + customer.token()) == 200;
        } catch (Exception e) {
            return false;
        }
    }

    private static void backgroundTransfers(int port, List<Customer> customers, AtomicBoolean writing) {
        PlainHttpClient client = new PlainHttpClient("127.0.0.1", port);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
        while (writing.get() && System.nanoTime() < deadline) {
            Customer from = customers.get(ThreadLocalRandom.current().nextInt(customers.size()));
            Customer to = customers.get(ThreadLocalRandom.current().nextInt(customers.size()));
            if (from != to) {
                try {
                    client.post("/api/v1/transfers", "{\"fromWalletId\":\"" + from.walletId() + "\",\"toWalletId\":\"" + to.walletId()
                                    + "\",\"amount\":1,\"currency\":\"ZAR\"}", "Authorization", "Bearer " + from.token(),
                            "Idempotency-Key", UUID.randomUUID().toString());
                } catch (Exception e) {
                    // keep going
                }
            }
            try {
                Thread.sleep(1000 / WRITES_PER_SECOND);
            } catch (InterruptedException e) {
                return;
            }
        }
        client.close();
    }

    /** hits and misses per layer so far, from the cache-service's Prometheus metrics. */
    private static Map<Layer, double[]> layerCounts(int port) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        Map<Layer, double[]> counts = new EnumMap<>(Layer.class);
        for (Layer layer : Layer.values()) {
            counts.put(layer, new double[2]);
        }
        for (String line : metrics.split("\n")) {
            for (Layer layer : Layer.values()) {
                for (int i = 0; i < 2; i++) {
                    String prefix = "moolah_cache_requests_total{layer=\"" + layer + "\",result=\"" + (i == 0 ? "hit" : "miss") + "\"}";
                    if (line.startsWith(prefix)) {
                        counts.get(layer)[i] = io.moolah.localstack.PrometheusText.value(line);
                    }
                }
            }
        }
        return counts;
    }
}
