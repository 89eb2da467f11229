package io.moolah.benchmark;

import io.moolah.localstack.Infrastructure;
import io.moolah.localstack.testing.PlatformExtension;
import io.moolah.localstack.testing.PlatformExtension.RunningPlatform;
import io.moolah.systemtest.GatewayClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Transfers inside one ledger shard against transfers between shards (issue 20, docs/sharding.md), straight to the
 * transaction-service, in alternating slices of one run: throughput, latency and CPU per transfer (every process,
 * PostgreSQL included). A third path sends every transfer inside shard 0 while shard 1 idles: the load a one-shard
 * ledger carries, on the same build.
 *
 * <p>Two parts, each comparing inside a shard with between shards, then both shards with shard 0 only. First closed
 * loop ({@link LoadRun#alternating}): as fast as {@code concurrency} clients go, so the paths reach different
 * throughputs and the platform's idle CPU is spread over different numbers of transfers; and both shards with
 * {@code concurrency} clients on each shard's wallets against shard 0 with {@code concurrency}: the same load per shard
 * (the same clients spread over two shards give each shard's writer half as many). Then open loop at a fixed
 * rate ({@link FixedRateRun}): the same transfers a second on both paths, with the idle CPU measured apart and the
 * marginal CPU per transfer (beyond idle); the CPU ratios of each pair, total and marginal, on their own lines.
 *
 * <p>Run on purpose: {@code mvn -DskipTests install && mvn -pl system-tests verify -Pbenchmark -Dbenchmark.test=ShardBenchmark}
 * (offline, with the modules already installed: {@code mvn -o -B verify -pl system-tests -Pbenchmark -Dbenchmark.test=ShardBenchmark}).
 * Knobs: {@code -Dbenchmark.concurrency=16} (closed loop, comma-separated list), {@code -Dbenchmark.rate=100} (fixed rate,
 * transfers a second, comma-separated list, e.g. {@code 50,100}; {@code none}: closed loop only),
 * {@code -Dbenchmark.closed-loop=false} (fixed rate only), {@code -Dbenchmark.measure.seconds=20} (per path, in {@value #SLICES} slices each),
 * {@code -Dbenchmark.warmup.seconds=5} (per path), {@code -Dbenchmark.jit-warmup.seconds=45},
 * {@code -Dbenchmark.customers=64}.
 */
@Tag("benchmark")
@ExtendWith(PlatformExtension.class)
class ShardBenchmark {
    private static final int CUSTOMERS = Integer.getInteger("benchmark.customers", 64);
    private static final int[] CONCURRENCY = java.util.Arrays.stream(System.getProperty("benchmark.concurrency", "16")
            .split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("benchmark.warmup.seconds", 5));
    private static final Duration JIT_WARM_UP = Duration.ofSeconds(Long.getLong("benchmark.jit-warmup.seconds", 45));
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("benchmark.measure.seconds", 20));
    /** Fixed rates to compare at; "none" for the closed loop only. */
    private static final int[] RATES = java.util.Arrays.stream(System.getProperty("benchmark.rate", "100")
            .split(",")).map(String::trim).filter(rate -> !rate.equals("none")).mapToInt(Integer::parseInt).toArray();
    private static final boolean CLOSED_LOOP = Boolean.parseBoolean(System.getProperty("benchmark.closed-loop", "true"));
    private static final int SLICES = 4;
    private static final long MAX_REQUESTS = 400_000;

    @Test
    void transfersInsideAndBetweenShards(RunningPlatform platform) throws Exception {
        GatewayClient gateway = new GatewayClient(platform.gatewayUrl(), platform.gatewayCertificate());
        List<BenchmarkCustomers.Customer> customers = BenchmarkCustomers.registerAndFund(gateway, platform, CUSTOMERS, "842",
                "Shard Bench", 400_000);
        List<List<BenchmarkCustomers.Customer>> byShard = byShard(platform, customers);
        int port = platform.platform().ports().transaction();
        // One per closed-loop worker or fixed-rate slot; each connects on first use.
        PlainHttpClient[] clients = new PlainHttpClient[FixedRateRun.MAX_IN_FLIGHT];
        for (int i = 0; i < clients.length; i++) {
            clients[i] = new PlainHttpClient("127.0.0.1", port);
        }
        System.out.println("\n== Shard benchmark: " + customers.size() + " funded wallets, " + byShard.get(0).size() + " on shard 0 and "
                + byShard.get(1).size() + " on shard 1, 1-cent transfers straight to the transaction-service, "
                + Runtime.getRuntime().availableProcessors() + " cores, alternating slices of " + MEASURE.dividedBy(SLICES).toSeconds()
                + " s, " + MEASURE.toSeconds() + " s per path ==");
        LoadRun.Result jit = LoadRun.run("JIT warm-up (not a figure)", 8, Duration.ZERO, JIT_WARM_UP, MAX_REQUESTS,
                worker -> transfer(clients[worker], ThreadLocalRandom.current().nextBoolean() ? inside(byShard) : across(byShard)));
        System.out.println("warmed up with " + jit.requests() + " transfers (" + jit.errors() + " errors)");
        if (CLOSED_LOOP) {
            for (int concurrency : CONCURRENCY) {
                closedLoop(clients, byShard, concurrency);
            }
        }
        for (int rate : RATES) {
            fixedRate(clients, byShard, rate);
        }
        for (PlainHttpClient client : clients) {
            client.close();
        }
    }

    private static void closedLoop(PlainHttpClient[] clients, List<List<BenchmarkCustomers.Customer>> byShard, int concurrency) {
        LoadRun.alternating("inside a shard (both shards)", worker -> transfer(clients[worker], inside(byShard)),
                "between shards", worker -> transfer(clients[worker], across(byShard)),
                concurrency, WARM_UP, MEASURE, SLICES, MAX_REQUESTS);
        LoadRun.alternating("inside a shard (both shards)", worker -> transfer(clients[worker], inside(byShard)),
                "inside shard 0 only (one-shard load)", worker -> transfer(clients[worker], insideShardZero(byShard)),
                concurrency, WARM_UP, MEASURE, SLICES, MAX_REQUESTS);        // The same load per shard: c workers on each shard's wallets against c on shard 0's. (Above, c workers spread
        // over both shards give each shard's writer half the clients, so its batches are half as large.)
        int shards = byShard.size();
        LoadRun.alternating("inside a shard, c per shard (both shards)", worker -> transfer(clients[worker], pair(byShard.get(worker % shards))),
                concurrency * shards, "inside shard 0 only (one-shard load)", worker -> transfer(clients[worker], insideShardZero(byShard)),
                concurrency, WARM_UP, MEASURE, SLICES, MAX_REQUESTS);
    }

    private static void fixedRate(PlainHttpClient[] clients, List<List<BenchmarkCustomers.Customer>> byShard, int rate) {
        System.out.println("\n-- fixed rate: " + rate + " transfers/s, open loop (at most " + FixedRateRun.MAX_IN_FLIGHT
                + " in flight), latency from each scheduled start --");
        FixedRateRun.Comparison between = FixedRateRun.alternating("inside a shard (both shards)",
                slot -> transfer(clients[slot], inside(byShard)), "between shards", slot -> transfer(clients[slot], across(byShard)),
                rate, WARM_UP, MEASURE, SLICES);
        printRatio("between shards / inside a shard", rate, between.b(), between.a(), between.idle());
        FixedRateRun.Comparison oneShard = FixedRateRun.alternating("inside a shard (both shards)",
                slot -> transfer(clients[slot], inside(byShard)), "inside shard 0 only (one-shard load)",
                slot -> transfer(clients[slot], insideShardZero(byShard)), rate, WARM_UP, MEASURE, SLICES);
        printRatio("both shards / shard 0 only", rate, oneShard.a(), oneShard.b(), oneShard.idle());
    }

    private static void printRatio(String label, int rate, FixedRateRun.Figures over, FixedRateRun.Figures under,
                                   FixedRateRun.Idle idle) {
        System.out.println(String.format("CPU per transfer at %d/s, %s: total %.2f, marginal %.2f", rate, label,
                over.cpuMillisPerRequest() / under.cpuMillisPerRequest(),
                over.marginalCpuMillisPerRequest(idle) / under.marginalCpuMillisPerRequest(idle)));
    }

    /** The customers of each shard, as the ledger's databases say (each wallet's account is on its shard only). */
    private static List<List<BenchmarkCustomers.Customer>> byShard(RunningPlatform platform, List<BenchmarkCustomers.Customer> customers)
            throws Exception {
        Infrastructure infrastructure = platform.infrastructure();
        List<String> databases = Stream.concat(Stream.of("transaction"), Infrastructure.LEDGER_SHARD_DATABASES.stream()).toList();
        List<List<BenchmarkCustomers.Customer>> byShard = new ArrayList<>();
        for (String database : databases) {
            List<BenchmarkCustomers.Customer> here = new ArrayList<>();
            try (Connection connection = DriverManager.getConnection(infrastructure.jdbcUrl(database), infrastructure.postgresUser(),
                    infrastructure.postgresPassword())) {
                for (BenchmarkCustomers.Customer customer : customers) {
                    try (var query = connection.prepareStatement("select 1 from ledger_account where wallet_id = ?::uuid")) {
                        query.setString(1, customer.walletId());
                        try (ResultSet row = query.executeQuery()) {
                            if (row.next()) {
                                here.add(customer);
                            }
                        }
                    }
                }
            }
            if (here.size() < 2) {
                throw new IllegalStateException(database + " holds " + here.size() + " of the wallets: register more (-Dbenchmark.customers)");
            }
            byShard.add(here);
        }
        return byShard;
    }

    private static BenchmarkCustomers.Customer[] inside(List<List<BenchmarkCustomers.Customer>> byShard) {
        return pair(byShard.get(ThreadLocalRandom.current().nextInt(byShard.size())));
    }

    private static BenchmarkCustomers.Customer[] insideShardZero(List<List<BenchmarkCustomers.Customer>> byShard) {
        return pair(byShard.get(0));
    }

    private static BenchmarkCustomers.Customer[] across(List<List<BenchmarkCustomers.Customer>> byShard) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int from = random.nextInt(byShard.size());
        int to = (from + 1 + random.nextInt(byShard.size() - 1)) % byShard.size();
        List<BenchmarkCustomers.Customer> senders = byShard.get(from);
        List<BenchmarkCustomers.Customer> recipients = byShard.get(to);
        return new BenchmarkCustomers.Customer[]{senders.get(random.nextInt(senders.size())),
                recipients.get(random.nextInt(recipients.size()))};
    }

    private static BenchmarkCustomers.Customer[] pair(List<BenchmarkCustomers.Customer> customers) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int from = random.nextInt(customers.size());
        int to = (from + 1 + random.nextInt(customers.size() - 1)) % customers.size();
        return new BenchmarkCustomers.Customer[]{customers.get(from), customers.get(to)};
    }

    private static boolean transfer(PlainHttpClient client, BenchmarkCustomers.Customer[] pair) {
        try {
            return client.post("/api/v1/transfers", "{\"fromWalletId\":\"" + pair[0].walletId() + "\",\"toWalletId\":\""
                            + pair[1].walletId() + "\",\"amount\":1,\"currency\":\"ZAR\",\"reference\":\"bench\"}",
                    "Authorization", "Bearer " + pair[0].token(), "Idempotency-Key", UUID.randomUUID().toString()) == 201;
        } catch (Exception e) {
            return false;
        }
    }
}
