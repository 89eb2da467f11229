package io.moolah.benchmark;

import io.moolah.benchmark.BenchmarkCustomers.Customer;
import io.moolah.localstack.Infrastructure;
import io.moolah.localstack.Platform;
import io.moolah.localstack.testing.PlatformExtension;
import io.moolah.localstack.testing.PlatformExtension.RunningPlatform;
import io.moolah.systemtest.GatewayClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Transfers per second and latency straight to the transaction-service at several concurrency levels, with
 * PostgreSQL's own pgbench (tpcb-like) on the same server in the same run as the reference: a TPC-B transaction is
 * about the smallest honest "move money" a database can do, so it bounds what the ledger can reach on this machine.
 *
 * <p>Run on purpose: {@code mvn -DskipTests install && mvn -pl system-tests verify -Pbenchmark -Dbenchmark.test=TransferBenchmark}.
 * pgbench must be on the PATH (or named by {@code -Dbenchmark.pgbench=/path/to/pgbench}); without it the pgbench rows say so.
 */
@Tag("benchmark")
@ExtendWith(PlatformExtension.class)
class TransferBenchmark {
    private static final int CUSTOMERS = Integer.getInteger("benchmark.customers", 64);
    private static final int[] CONCURRENCY = java.util.Arrays.stream(System.getProperty("benchmark.concurrency", "1,4,16,32,64")
            .split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("benchmark.warmup.seconds", 5));
    /** Before the first row: the JIT of a fresh service (2 compiler threads here) needs tens of thousands of requests. */
    private static final Duration JIT_WARM_UP = Duration.ofSeconds(Long.getLong("benchmark.jit-warmup.seconds", 45));
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("benchmark.measure.seconds", 15));
    private static final long MAX_REQUESTS = 200_000;

    @Test
    void transferThroughputAndLatencyBesidePgbench(RunningPlatform platform) throws Exception {
        GatewayClient gateway = new GatewayClient(platform.gatewayUrl(), platform.gatewayCertificate());
        List<Customer> customers = BenchmarkCustomers.registerAndFund(gateway, platform, CUSTOMERS, "841", "Bench Mark", 400_000);

        int port = platform.platform().ports().transaction();
        PlainHttpClient[] direct = new PlainHttpClient[64];
        for (int i = 0; i < direct.length; i++) {
            direct[i] = new PlainHttpClient("127.0.0.1", port);
        }
        // Through the gateway with the same client as the straight rows (one thread per keep-alive connection), over
        // TLS 1.3: the client shape the straight figures are compared with.
        int gatewayPort = java.net.URI.create(platform.gatewayUrl()).getPort();
        javax.net.ssl.SSLSocketFactory tls = GatewayClient.trusting(platform.gatewayCertificate()).getSocketFactory();
        PlainHttpClient[] viaGateway = new PlainHttpClient[32];
        for (int i = 0; i < viaGateway.length; i++) {
            viaGateway[i] = new PlainHttpClient("127.0.0.1", gatewayPort, tls);
        }
        Pgbench pgbench = new Pgbench(platform.infrastructure());

        System.out.println("\n== Transfer benchmark: " + customers.size() + " funded wallets, random pairs, 1-cent transfers, "
                + Runtime.getRuntime().availableProcessors() + " cores, warm-up " + WARM_UP.toSeconds() + " s, measure "
                + MEASURE.toSeconds() + " s per row, after a " + JIT_WARM_UP.toSeconds() + " s JIT warm-up ==");
        System.out.println(pgbench.initialise());
        LoadRun.Result jit = LoadRun.run("JIT warm-up (not a figure)", 8, Duration.ZERO, JIT_WARM_UP, MAX_REQUESTS,
                worker -> transfer(direct[worker], customers));
        // The gateway's JIT too: its rows below would otherwise measure it compiling (0.6-1.1 ms of gateway CPU per
        // transfer in session 10's run, against 0.15 ms once warm).
        LoadRun.Result gatewayJit = LoadRun.run("JIT warm-up via the gateway (not a figure)", 8, Duration.ZERO, JIT_WARM_UP.dividedBy(2),
                MAX_REQUESTS, worker -> transfer(viaGateway[worker], customers));
        System.out.println("warmed up with " + jit.requests() + " transfers straight and " + gatewayJit.requests()
                + " through the gateway (" + (jit.errors() + gatewayJit.errors()) + " errors)");
        Backstage batches = new Backstage(port, platform.platform().ports().cache(), platform.infrastructure());
        for (int concurrency : CONCURRENCY) {
            Backstage.Mark before = batches.mark();
            LoadRun.runCounted("transfers direct (HTTP/1.1, keep-alive)", concurrency, WARM_UP, MEASURE, MAX_REQUESTS,
                    worker -> transfer(direct[worker], customers));
            System.out.println(batches.since(before));
            System.out.println(pgbench.run(concurrency, MEASURE));
        }
        Backstage.Mark beforeTls = batches.mark();
        LoadRun.runCounted("transfers via gateway (HTTP/1.1, TLS 1.3)", 32, WARM_UP, MEASURE, MAX_REQUESTS,
                worker -> transfer(viaGateway[worker], customers));
        System.out.println(batches.since(beforeTls));
        for (PlainHttpClient client : viaGateway) {
            client.close();
        }
        Backstage.Mark before = batches.mark();
        LoadRun.runCounted("transfers via gateway (HTTPS, HTTP/2)", 32, WARM_UP, MEASURE, MAX_REQUESTS,
                worker -> viaGateway(gateway, customers));
        System.out.println(batches.since(before));
        wrkRows(customers, "http://127.0.0.1:" + port, platform.gatewayUrl(), batches, pgbench);
        for (PlainHttpClient client : direct) {
            client.close();
        }
        System.out.println("transaction-service resident memory after the run: "
                + LoginBenchmark.residentMemory(platform.platform().service(Platform.TRANSACTION).pid()) + "\n");
    }

    /**
     * The comparison at c=32 with wrk, a C client far cheaper per request than the JVM client above (which
     * shares the two cores): straight to the transaction-service, through the gateway (HTTPS), then pgbench, each
     * after its own warm-up, with CPU per transfer and the ledger's batch size.
     */
    private static void wrkRows(List<Customer> customers, String direct, String viaGateway, Backstage batches,
                                Pgbench pgbench) throws Exception {
        java.nio.file.Path workDir = java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "benchmark-transfer"))
                .toAbsolutePath();
        // Sixteen threads, two connections each: with wrk's usual two, the load generator itself waited for a core
        // and its p99 at c=32 was 96-129 ms where the JVM client's (one thread per connection) was 33-40 ms.
        java.util.Optional<Wrk> wrk = Wrk.find(workDir, customers).map(found -> found.withThreads(16));
        if (wrk.isEmpty()) {
            System.out.println("wrk: not on the PATH (-Dbenchmark.wrk); no wrk rows");
            return;
        }
        for (String[] path : new String[][]{{"transfers direct (wrk, HTTP/1.1)", direct}, {"transfers via gateway (wrk, HTTPS)", viaGateway}}) {
            // The gateway's JIT warms up here, with the cheap client: the JVM client's warm-up above brings it a few
            // thousand transfers, and a gateway still compiling cost 0.5 ms of CPU per transfer (0.2 ms warm).
            wrk.get().run("transfer", path[1], 32, path[1].equals(viaGateway) ? JIT_WARM_UP : WARM_UP);
            Backstage.Mark before = batches.mark();
            ProcessCpu.Snapshot cpuBefore = ProcessCpu.take();
            Wrk.Slice slice = wrk.get().run("transfer", path[1], 32, MEASURE);
            Map<String, Long> ticks = new java.util.HashMap<>();
            ProcessCpu.add(ticks, cpuBefore, ProcessCpu.take());
            LoadRun.Result row = Wrk.merge(path[0], 32, List.of(slice));
            System.out.println(row.line());
            System.out.println(ProcessCpu.perRequest(ticks, row.requests()));
            System.out.println(batches.since(before));
        }
        System.out.println(pgbench.run(32, MEASURE));
    }

    private static boolean transfer(PlainHttpClient client, List<Customer> customers) {
        Customer[] pair = pair(customers);
        try {
            return client.post("/api/v1/transfers", body(pair), "Authorization", "Bearer " + pair[0].token(),
                    "Idempotency-Key", UUID.randomUUID().toString()) == 201;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean viaGateway(GatewayClient gateway, List<Customer> customers) {
        Customer[] pair = pair(customers);
        try {
            return gateway.send("POST", "/transfers", body(pair), Map.of("Authorization", "Bearer " + pair[0].token(),
                    "Idempotency-Key", UUID.randomUUID().toString())).status() == 201;
        } catch (Exception e) {
            return false;
        }
    }

    private static Customer[] pair(List<Customer> customers) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int from = random.nextInt(customers.size());
        int to = (from + 1 + random.nextInt(customers.size() - 1)) % customers.size();
        return new Customer[]{customers.get(from), customers.get(to)};
    }

    private static String body(Customer[] pair) {
        return "{\"fromWalletId\":\"" + pair[0].walletId() + "\",\"toWalletId\":\"" + pair[1].walletId()
                + "\",\"amount\":1,\"currency\":\"ZAR\",\"reference\":\"bench\"}";
    }

    /**
     * What the platform did besides answering over a stretch: transfers per ledger batch (the transaction-service's
     * {@code moolah.ledger.batch.size}) and how long events took from the relay's producer to the cache-service's
     * consumer ({@code moolah.consumer.event.age}), the latency Kafka's batching settings trade for CPU.
     */
    private static final class Backstage {
        private final ServiceMeter batches;
        private final ServiceMeter eventAge;
        private final ServiceMeter ledgerGc;

        private final Infrastructure infrastructure;

        record Mark(ServiceMeter.Reading batches, ServiceMeter.Reading eventAge, ServiceMeter.Reading ledgerGc, long checkpoints) {
        }

        Backstage(int transactionPort, int cachePort, Infrastructure infrastructure) {
            this.infrastructure = infrastructure;
            batches = new ServiceMeter(transactionPort, "moolah_ledger_batch_size", "");
            eventAge = new ServiceMeter(cachePort, "moolah_consumer_event_age_seconds", "consumer=\"cache-service");
            ledgerGc = new ServiceMeter(transactionPort, "jvm_gc_pause_seconds", "");
        }

        Mark mark() {
            return new Mark(batches.read(), eventAge.read(), ledgerGc.read(), checkpoints());
        }

        String since(Mark before) {
            ServiceMeter.Reading batch = batches.since(before.batches());
            ServiceMeter.Reading age = eventAge.since(before.eventAge());
            ServiceMeter.Reading gc = ledgerGc.since(before.ledgerGc());
            return (batch.count() == 0 ? "   ledger batches: none measured"
                    : String.format("   ledger batches: %.0f, mean %.1f transfers per database transaction", batch.count(), batch.sum()))
                    + (age.count() == 0 ? "" : String.format("; events at the cache-service: %.0f, mean %.1f ms from the relay's send",
                    age.count(), age.sum() * 1000))
                    + (gc.count() == 0 ? "" : String.format("; transaction-service GC: %.0f pauses, mean %.1f ms",
                    gc.count(), gc.sum() * 1000))
                    + "; PostgreSQL checkpoints: " + (checkpoints() - before.checkpoints());
        }

        /** Checkpoints PostgreSQL has made (timed and requested), a source of commit-latency spikes. */
        private long checkpoints() {
            try (java.sql.Connection connection = java.sql.DriverManager.getConnection(infrastructure.jdbcUrl("postgres"),
                    infrastructure.postgresUser(), infrastructure.postgresPassword());
                 java.sql.ResultSet count = connection.createStatement()
                         .executeQuery("select num_timed + num_requested from pg_stat_checkpointer")) {
                return count.next() ? count.getLong(1) : 0;
            } catch (java.sql.SQLException e) {
                return 0;
            }
        }
    }

    /** pgbench against its own database on the platform's PostgreSQL. */
    private static final class Pgbench {
        private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
        private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");
        private final Infrastructure infrastructure;
        private final String executable = System.getProperty("benchmark.pgbench", "pgbench");
        private final String host;
        private final String port;
        private boolean available;

        Pgbench(Infrastructure infrastructure) {
            this.infrastructure = infrastructure;
            Matcher url = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/.*").matcher(infrastructure.jdbcUrl("postgres"));
            if (!url.matches()) {
                throw new IllegalStateException("unexpected JDBC URL " + infrastructure.jdbcUrl("postgres"));
            }
            host = url.group(1);
            port = url.group(2);
        }

        String initialise() throws Exception {
            infrastructure.createDatabase("pgbench");
            Result init = exec(List.of(executable, "-i", "-q", "-s", "10", "pgbench"), Duration.ofMinutes(5));
            available = init.exitCode() == 0;
            return available ? "pgbench: initialised scale 10 (1,000,000 accounts) in database pgbench"
                    : "pgbench: not available (" + init.output().strip() + "); no reference figures";
        }

        String run(int clients, Duration duration) throws Exception {
            if (!available) {
                return "pgbench tpcb-like                 c=" + clients + "   (not run)";
            }
            Result run = exec(List.of(executable, "-b", "tpcb-like", "-c", String.valueOf(clients),
                    "-j", String.valueOf(Math.min(clients, 4)), "-T", String.valueOf(duration.toSeconds()), "pgbench"),
                    duration.plusMinutes(2));
            Matcher tps = TPS.matcher(run.output());
            Matcher latency = LATENCY.matcher(run.output());
            if (run.exitCode() != 0 || !tps.find()) {
                return "pgbench tpcb-like c=" + clients + " failed: " + run.output().strip();
            }
            return String.format("%-34s c=%-3d %25s %9.1f tps    avg %8.2f ms", "pgbench tpcb-like (reference)", clients, "",
                    Double.parseDouble(tps.group(1)), latency.find() ? Double.parseDouble(latency.group(1)) : Double.NaN);
        }

        private record Result(int exitCode, String output) {
        }

        private Result exec(List<String> command, Duration timeout) throws Exception {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(Map.of("PGHOST", host, "PGPORT", port, "PGUSER", infrastructure.postgresUser(),
                    "PGPASSWORD", infrastructure.postgresPassword()));
            Path log = Files.createTempFile("pgbench", ".log");
            builder.redirectOutput(log.toFile());
            Process process;
            try {
                process = builder.start();
            } catch (java.io.IOException e) {
                Files.deleteIfExists(log);
                return new Result(127, e.getMessage());
            }
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                Files.deleteIfExists(log);
                return new Result(124, "timed out");
            }
            String output = Files.readString(log);
            Files.deleteIfExists(log);
            return new Result(process.exitValue(), output);
        }
    }
}
