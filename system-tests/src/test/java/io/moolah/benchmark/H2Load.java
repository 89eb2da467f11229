package io.moolah.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Drives HTTP/2 load with h2load (nghttp2-client): one stream at a time per connection, so {@code connections} is the
 * concurrency, every request a balance read of one customer (h2load sends the same headers on every request). Each
 * request's status and latency come from its log file.
 */
final class H2Load {
    private final String executable;
    private final Path workDir;

    private H2Load(String executable, Path workDir) {
        this.executable = executable;
        this.workDir = workDir;
    }

    /** h2load from {@code benchmark.h2load} or the PATH; empty when it is not installed. */
    static Optional<H2Load> find(Path workDir) {
        String executable = System.getProperty("benchmark.h2load", "h2load");
        return Executables.runs(executable, "--version") ? Optional.of(new H2Load(executable, workDir)) : Optional.empty();
    }

    /** One slice of reads of {@code url} as {@code token}; a request that is not 200 is an error. */
    Wrk.Slice run(String url, String token, int connections, Duration duration) throws IOException, InterruptedException {
        Path log = Files.createTempFile(workDir, "h2load-", ".log");
        Process process = new ProcessBuilder(executable, "-t", String.valueOf(Math.min(2, connections)), "-c", String.valueOf(connections),
                "-m", "1", "-D", String.valueOf(Math.max(1, duration.toSeconds())), "-H", "authorization: Bearer " + token,
                "--log-file=" + log, url)
                .redirectErrorStream(true).redirectOutput(workDir.resolve("h2load-last.out").toFile()).start();
        if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("h2load did not finish");
        }
        List<String> lines = Files.readAllLines(log);
        Files.deleteIfExists(log);
        long errors = 0;
        long[] micros = new long[lines.size()];
        int n = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (String line : lines) {
            String[] columns = line.split("\t");
            if (columns.length < 3) {
                continue;
            }
            long start = Long.parseLong(columns[0].trim());
            long took = Long.parseLong(columns[2].trim());
            first = Math.min(first, start);
            last = Math.max(last, start + took);
            if (!"200".equals(columns[1].trim())) {
                errors++;
            }
            micros[n++] = took;
        }
        if (n == 0) {
            throw new IllegalStateException("h2load logged no request; see " + workDir.resolve("h2load-last.out"));
        }
        long[] sorted = java.util.Arrays.stream(micros, 0, n).sorted().toArray();
        long[] quantiles = new long[1000];
        for (int i = 0; i < 1000; i++) {
            quantiles[i] = sorted[(int) Math.min(n - 1, Math.ceil((i + 1) / 1000.0 * n) - 1)];
        }
        return new Wrk.Slice(n, errors, (last - first) / 1e6, quantiles);
    }
}
