package io.moolah.benchmark;

import io.moolah.benchmark.BenchmarkCustomers.Customer;
import io.moolah.localstack.testing.PlatformExtension;
import io.moolah.localstack.testing.PlatformExtension.RunningPlatform;
import io.moolah.systemtest.GatewayClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.net.ssl.SSLSocketFactory;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;

/**
 * The gateway's cost: the same calls through the gateway (HTTPS, TLS 1.3, token check, shared rate limit in Redis,
 * metrics, access log, forwarding) and straight to the owning service (plain HTTP), side by side in one run. Two
 * calls: a balance read (cheap upstream: the cache-service, where the gateway's own work shows most) and a transfer
 * (the ledger, where it shows least). The same keep-alive load client on both sides.
 *
 * <p>Run on purpose: {@code mvn -DskipTests install && mvn -pl system-tests verify -Pbenchmark -Dbenchmark.test=GatewayBenchmark}.
 */
@Tag("benchmark")
@ExtendWith(PlatformExtension.class)
class GatewayBenchmark {
    private static final int CUSTOMERS = Integer.getInteger("benchmark.customers", 32);
    private static final int[] CONCURRENCY = {1, 4, 16};
    private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("benchmark.warmup.seconds", 5));
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("benchmark.measure.seconds", 15));
    /** The measured time of each path is cut into this many slices, alternating between the two paths. */
    private static final int SLICES = Integer.getInteger("benchmark.slices", 10);
    private static final Duration JIT_WARM_UP = Duration.ofSeconds(Long.getLong("benchmark.jit-warmup.seconds", 30));
    private static final long MAX_REQUESTS = 2_000_000;
    /** Which calls to measure: "balance", "transfer" or both (the default). */
    private static final String CALLS = System.getProperty("benchmark.calls", "balance,transfer");

    @Test
    void theSameCallsThroughTheGatewayAndDirect(RunningPlatform platform) throws Exception {
        GatewayClient gateway = new GatewayClient(platform.gatewayUrl(), platform.gatewayCertificate());
        List<Customer> customers = BenchmarkCustomers.registerAndFund(gateway, platform, CUSTOMERS, "843", "Bench Gateway", 400_000);
        var ports = platform.platform().ports();
        SSLSocketFactory tls = GatewayClient.trusting(platform.gatewayCertificate()).getSocketFactory();
        PlainHttpClient[] viaGateway = clients(worker -> new PlainHttpClient("127.0.0.1", ports.gateway(), tls));
        PlainHttpClient[] toCache = clients(worker -> new PlainHttpClient("127.0.0.1", ports.cache()));
        PlainHttpClient[] toLedger = clients(worker -> new PlainHttpClient("127.0.0.1", ports.transaction()));
        try {
            System.out.println("\n== Gateway benchmark: " + customers.size() + " customers, " + Runtime.getRuntime().availableProcessors()
                    + " cores, warm-up " + WARM_UP.toSeconds() + " s, measure " + MEASURE.toSeconds() + " s per row in " + SLICES
                    + " slices alternating with the other path, after "
                    + JIT_WARM_UP.toSeconds() + " s of JIT warm-up per path ==");
            if (CALLS.contains("balance")) {
                LoadRun.run("JIT warm-up", 8, Duration.ZERO, JIT_WARM_UP, MAX_REQUESTS, worker -> read(viaGateway[worker], customers));
                LoadRun.run("JIT warm-up", 8, Duration.ZERO, JIT_WARM_UP, MAX_REQUESTS, worker -> read(toCache[worker], customers));
            }
            if (CALLS.contains("transfer")) {
                LoadRun.run("JIT warm-up", 8, Duration.ZERO, JIT_WARM_UP, MAX_REQUESTS, worker -> transfer(viaGateway[worker], customers));
                LoadRun.run("JIT warm-up", 8, Duration.ZERO, JIT_WARM_UP, MAX_REQUESTS, worker -> transfer(toLedger[worker], customers));
            }
            for (int concurrency : CALLS.contains("balance") ? CONCURRENCY : new int[0]) {
                compare(LoadRun.alternating("balance via gateway", worker -> read(viaGateway[worker], customers),
                        "balance direct (cache-service)", worker -> read(toCache[worker], customers),
                        concurrency, WARM_UP, MEASURE, SLICES, MAX_REQUESTS));
            }
            for (int concurrency : CALLS.contains("transfer") ? CONCURRENCY : new int[0]) {
                compare(LoadRun.alternating("transfer via gateway", worker -> transfer(viaGateway[worker], customers),
                        "transfer direct (transaction-svc)", worker -> transfer(toLedger[worker], customers),
                        concurrency, WARM_UP, MEASURE, SLICES, MAX_REQUESTS));
            }
            System.out.println();
        } finally {
            for (PlainHttpClient[] clients : List.of(viaGateway, toCache, toLedger)) {
                for (PlainHttpClient client : clients) {
                    client.close();
                }
            }
        }
    }

    /** The two rows (already printed, each with its CPU per request) side by side. */
    private static void compare(LoadRun.Result[] rows) {
        LoadRun.Result gateway = rows[0];
        LoadRun.Result direct = rows[1];
        System.out.printf("   gateway keeps %.0f%% of direct throughput; adds %.2f ms at p50, %.2f ms at p99%n",
                100 * gateway.throughput() / direct.throughput(), gateway.percentileMillis(50) - direct.percentileMillis(50),
                gateway.percentileMillis(99) - direct.percentileMillis(99));
    }

    private static PlainHttpClient[] clients(IntFunction<PlainHttpClient> make) {
        PlainHttpClient[] clients = new PlainHttpClient[32];
        for (int i = 0; i < clients.length; i++) {
            clients[i] = make.apply(i);
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

    /** A transfer of 1 cent between two random customers. */
    private static boolean transfer(PlainHttpClient client, List<Customer> customers) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Customer from = customers.get(random.nextInt(customers.size()));
        Customer to = customers.get(random.nextInt(customers.size()));
        if (from == to) {
            to = customers.get((customers.indexOf(from) + 1) % customers.size());
        }
        try {
            return client.post("/api/v1/transfers", "{\"fromWalletId\":\"" + from.walletId() + "\",\"toWalletId\":\"" + to.walletId()
                            + "\",\"amount\":1,\"currency\":\"ZAR\"}", "Authorization", "Bearer " + from.token(),
                    "Idempotency-Key", UUID.randomUUID().toString()) == 201;
        } catch (Exception e) {
            return false;
        }
    }
}
