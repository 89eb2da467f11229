package io.moolah.benchmark;

import io.moolah.benchmark.BenchmarkCustomers.Customer;
import io.moolah.localstack.testing.PlatformExtension;
import io.moolah.localstack.testing.PlatformExtension.RunningPlatform;
import io.moolah.systemtest.GatewayClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway against nginx in front of the same services, side by side in one run: balance reads (the cache-service
 * behind, the cheapest upstream, where the proxy's own cost shows most) and transfers (the ledger behind), over
 * HTTPS with TLS 1.3 and HTTP/1.1 keep-alive, driven by wrk at each concurrency; then HTTP/2 reads driven by h2load.
 * Each row is measured in slices alternating between the two proxies (gateway, nginx, nginx, gateway, ...), so a
 * slow moment of the shared machine falls on both. Every row prints CPU per request, process by process.
 *
 * <p>Needs wrk (and, for the reference rows, nginx; for the HTTP/2 rows, h2load): {@code apt-get install wrk nginx
 * nghttp2-client}. Run on purpose: {@code mvn -DskipTests install && mvn -pl system-tests verify -Pbenchmark
 * -Dbenchmark.test=GatewayBenchmark}.
 */
@Tag("benchmark")
@ExtendWith(PlatformExtension.class)
class GatewayBenchmark {
    private static final int CUSTOMERS = Integer.getInteger("benchmark.customers", 200);
    private static final int[] CONCURRENCY = concurrency(System.getProperty("benchmark.concurrency", "1,16,64"));
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("benchmark.measure.seconds", 20));
    /** The measured time of each path is cut into this many slices, alternating between the two proxies. */
    private static final int SLICES = Integer.getInteger("benchmark.slices", 4);
    private static final Duration JIT_WARM_UP = Duration.ofSeconds(Long.getLong("benchmark.jit-warmup.seconds", 30));
    /** Which calls to measure: "balance", "transfer", "h2" (HTTP/2 reads), any of them (default all). */
    private static final String CALLS = System.getProperty("benchmark.calls", "balance,transfer,h2");

    /**
     * Also measure each call straight at the service that answers it (plain HTTP, no proxy): the floor both proxies sit
     * on. Off by default (the rows compare proxies); {@code -Dbenchmark.direct=true}.
     */
    private static final boolean DIRECT = Boolean.getBoolean("benchmark.direct");

    /** One way in: a proxy (every call at one base URL), or the services themselves (a base URL per call). */
    private record Path2(String name, String baseUrl, String transferBaseUrl) {
        Path2(String name, String baseUrl) {
            this(name, baseUrl, baseUrl);
        }

        String baseFor(String call) {
            return "transfer".equals(call) ? transferBaseUrl : baseUrl;
        }
    }

    @Test
    void theGatewayAgainstNginxInFrontOfTheSameServices(RunningPlatform platform) throws Exception {
        GatewayClient gateway = new GatewayClient(platform.gatewayUrl(), platform.gatewayCertificate());
        List<Customer> customers = BenchmarkCustomers.registerAndFund(gateway, platform, CUSTOMERS, "843", "Bench Gateway", 400_000);
        Path workDir = Files.createDirectories(Path.of("target", "benchmark-gateway")).toAbsolutePath();
        Optional<Wrk> wrk = Wrk.find(workDir, customers);
        if (wrk.isEmpty()) {
            System.out.println("\n== Gateway benchmark: wrk is not installed (apt-get install wrk); nothing measured ==\n");
            return;
        }
        var ports = platform.platform().ports();
        Optional<NginxReference> nginx = NginxReference.start(workDir, ports.cache(), ports.transaction());
        String gatewayBase = "https://127.0.0.1:" + ports.gateway();
        List<Path2> paths = new ArrayList<>();
        paths.add(new Path2("gateway", gatewayBase));
        nginx.ifPresent(server -> paths.add(new Path2("nginx", server.baseUrl())));
        if (DIRECT) {
            paths.add(new Path2("the service itself", "http://127.0.0.1:" + ports.cache(), "http://127.0.0.1:" + ports.transaction()));
        }
        try {
            System.out.println("\n== Gateway benchmark: " + customers.size() + " customers, " + Runtime.getRuntime().availableProcessors()
                    + " cores, wrk -t2 (HTTP/1.1, TLS 1.3, keep-alive), " + MEASURE.toSeconds() + " s per row in " + SLICES
                    + " slices alternating between the proxies, after " + JIT_WARM_UP.toSeconds() + " s of warm-up per path and call =="
                    + (nginx.isEmpty() ? "\n   nginx is not installed (apt-get install nginx): the gateway's rows only" : ""));
            for (String call : List.of("balance", "transfer")) {
                if (!CALLS.contains(call)) {
                    continue;
                }
                for (Path2 path : paths) {
                    wrk.get().run(call, path.baseFor(call), 16, JIT_WARM_UP);
                }
                for (int concurrency : CONCURRENCY) {
                    compare(measure(paths, call + " via %s", concurrency,
                            (path, slice) -> wrk.get().run(call, path.baseFor(call), concurrency, slice)));
                }
            }
            if (CALLS.contains("h2")) {
                http2(paths, customers.get(0), workDir);
            }
            System.out.println();
        } finally {
            if (nginx.isPresent()) {
                nginx.get().close();
            }
        }
    }

    /** HTTP/2 balance reads of one customer with h2load, through each proxy. */
    private static void http2(List<Path2> paths, Customer customer, Path workDir) throws Exception {
        Optional<H2Load> h2load = H2Load.find(workDir);
        if (h2load.isEmpty()) {
            System.out.println("   h2load is not installed (apt-get install nghttp2-client): no HTTP/2 rows");
            return;
        }
        String target = "/api/v1/wallets/" + customer.walletId() + "/balance";
        paths = paths.stream().filter(path -> path.baseUrl().startsWith("https:")).toList(); // HTTP/2 needs TLS here
        for (Path2 path : paths) {
            h2load.get().run(path.baseUrl() + target, customer.token(), 16, Duration.ofSeconds(Math.max(5, JIT_WARM_UP.toSeconds() / 3)));
        }
        for (int concurrency : CONCURRENCY) {
            compare(measure(paths, "balance HTTP/2 via %s", concurrency,
                    (path, slice) -> h2load.get().run(path.baseUrl() + target, customer.token(), concurrency, slice)));
        }
    }

    private interface SliceRunner {
        Wrk.Slice run(Path2 path, Duration slice) throws Exception;
    }

    /** One row per path, measured in alternating slices (ABBA order), each printed with its CPU per request. */
    private static List<LoadRun.Result> measure(List<Path2> paths, String name, int concurrency, SliceRunner runner) throws Exception {
        Duration slice = Duration.ofSeconds(Math.max(1, MEASURE.toSeconds() / SLICES));
        Map<Path2, List<Wrk.Slice>> slices = new HashMap<>();
        Map<Path2, Map<String, Long>> ticks = new HashMap<>();
        for (int round = 0; round < SLICES; round++) {
            List<Path2> order = new ArrayList<>(paths);
            if (round % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (Path2 path : order) {
                ProcessCpu.Snapshot before = ProcessCpu.take();
                Wrk.Slice measured = runner.run(path, slice);
                ProcessCpu.add(ticks.computeIfAbsent(path, p -> new HashMap<>()), before, ProcessCpu.take());
                slices.computeIfAbsent(path, p -> new ArrayList<>()).add(measured);
            }
        }
        List<LoadRun.Result> rows = new ArrayList<>();
        for (Path2 path : paths) {
            LoadRun.Result row = Wrk.merge(String.format(name, path.name()), concurrency, slices.get(path));
            System.out.println(row.line() + String.format("  p99.9 %8.2f ms", row.percentileMillis(99.9)));
            System.out.println(ProcessCpu.perRequest(ticks.get(path), row.requests()));
            rows.add(row);
        }
        return rows;
    }

    /** The gateway's row against nginx's: the ratios the gateway is held to. */
    private static void compare(List<LoadRun.Result> rows) {
        if (rows.size() < 2) {
            return;
        }
        LoadRun.Result gateway = rows.get(0);
        LoadRun.Result nginx = rows.get(1);
        System.out.printf("   gateway / nginx: throughput %.2f; p99 %.2f ms against %.2f ms (%.1fx); p50 %.2f against %.2f ms%n",
                gateway.throughput() / nginx.throughput(), gateway.percentileMillis(99), nginx.percentileMillis(99),
                gateway.percentileMillis(99) / nginx.percentileMillis(99), gateway.percentileMillis(50), nginx.percentileMillis(50));
    }

    private static int[] concurrency(String list) {
        return java.util.Arrays.stream(list.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }
}
