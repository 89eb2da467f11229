package io.moolah.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Drives load with wrk (a C load generator, much cheaper per request than a JVM client on the same two cores) and its
 * Lua scripts in {@code src/test/resources/benchmark/wrk}. A row is measured in slices; each slice reports its
 * requests, errors and latency distribution (1,000 quantiles), and the slices of a row are merged.
 */
final class Wrk {
    private static final List<String> SCRIPTS = List.of("common.lua", "balance.lua", "transfer.lua");

    private final String executable;
    private final Path scripts;
    private final Path customers;
    private final int threads;

    /** One slice's figures: wrk's count of non-2xx/3xx answers, socket errors and timeouts are all errors. */
    record Slice(long requests, long errors, double seconds, long[] quantileMicros) {
    }

    private Wrk(String executable, Path scripts, Path customers) {
        this(executable, scripts, customers, THREADS);
    }

    private Wrk(String executable, Path scripts, Path customers, int threads) {
        this.threads = threads;
        this.executable = executable;
        this.scripts = scripts;
        this.customers = customers;
    }

    /** wrk from {@code benchmark.wrk} or the PATH, with the scripts and the customers file in {@code workDir}; empty without wrk. */
    static Optional<Wrk> find(Path workDir, List<BenchmarkCustomers.Customer> customers) throws IOException {
        String executable = System.getProperty("benchmark.wrk", "wrk");
        if (!Executables.runs(executable, "-v")) {
            return Optional.empty();
        }
        Path scripts = Files.createDirectories(workDir.resolve("wrk"));
        for (String script : SCRIPTS) {
            try (InputStream in = Wrk.class.getResourceAsStream("/benchmark/wrk/" + script)) {
                Files.copy(in, scripts.resolve(script), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path file = workDir.resolve("customers.txt");
        List<String> lines = new ArrayList<>();
        for (BenchmarkCustomers.Customer customer : customers) {
            lines.add(customer.walletId() + " " + customer.token());
        }
        Files.write(file, lines);
        return Optional.of(new Wrk(executable, scripts, file));
    }

    /**
     * wrk's threads ({@code -Dbenchmark.wrk.threads}, 2 by default, one per core, as GatewayBenchmark has always run
     * it against nginx). On two saturated cores the scheduler shares CPU per thread: two load threads among dozens of
     * busy ones wait for a core more than the servers do, and what they wait is counted as latency (docs/benchmarks.md,
     * TransferBenchmark, session 11); {@link #withThreads} gives a benchmark that reports absolute tails more.
     */
    private static final int THREADS = Integer.getInteger("benchmark.wrk.threads", 2);

    /** The same wrk with {@code count} threads, unless {@code -Dbenchmark.wrk.threads} says otherwise. */
    Wrk withThreads(int count) {
        return new Wrk(executable, scripts, customers, Integer.getInteger("benchmark.wrk.threads", count));
    }

    /** One slice: {@code script} (balance or transfer) against {@code baseUrl} with {@code connections} for {@code duration}. */
    Slice run(String script, String baseUrl, int connections, Duration duration) throws IOException, InterruptedException {
        Path out = Files.createTempFile(scripts, "slice-", ".txt");
        ProcessBuilder builder = new ProcessBuilder(executable, "-t" + Math.min(threads, connections), "-c" + connections,
                "-d" + Math.max(1, duration.toSeconds()) + "s", "--timeout", "10s", "-s", scripts.resolve(script + ".lua").toString(), baseUrl)
                .redirectErrorStream(true).redirectOutput(scripts.resolve("wrk-last.log").toFile());
        builder.environment().put("WRK_SCRIPTS", scripts.toString());
        builder.environment().put("WRK_CUSTOMERS", customers.toString());
        builder.environment().put("WRK_OUT", out.toString());
        Process process = builder.start();
        if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("wrk did not finish");
        }
        List<String> lines = Files.readAllLines(out);
        Files.deleteIfExists(out);
        if (lines.size() < 1003) {
            throw new IllegalStateException("wrk wrote no figures; see " + scripts.resolve("wrk-last.log"));
        }
        long requests = Long.parseLong(lines.get(0).split(" ")[1]);
        double seconds = Long.parseLong(lines.get(1).split(" ")[1]) / 1e6;
        long errors = Arrays.stream(lines.get(2).split(" ")).skip(1).mapToLong(Long::parseLong).sum();
        long[] quantiles = lines.subList(3, 1003).stream().mapToLong(Long::parseLong).toArray();
        return new Slice(requests, errors, seconds, quantiles);
    }

    /**
     * The slices of one row as one result: throughput over their summed time, and percentiles of their merged
     * distributions (each slice's 1,000 quantiles weighted by its request count).
     */
    static LoadRun.Result merge(String name, int concurrency, List<Slice> slices) {
        long requests = slices.stream().mapToLong(Slice::requests).sum();
        long errors = slices.stream().mapToLong(Slice::errors).sum();
        double seconds = slices.stream().mapToDouble(Slice::seconds).sum();
        long smallest = Math.max(1, slices.stream().mapToLong(Slice::requests).filter(n -> n > 0).min().orElse(1));
        List<Long> samples = new ArrayList<>();
        for (Slice slice : slices) {
            int weight = (int) Math.max(1, Math.round((double) slice.requests() / smallest));
            for (long micros : slice.quantileMicros()) {
                for (int i = 0; i < weight; i++) {
                    samples.add(micros * 1_000);
                }
            }
        }
        long[] sorted = samples.stream().mapToLong(Long::longValue).sorted().toArray();
        return new LoadRun.Result(name, concurrency, requests, errors, seconds, sorted);
    }
}
