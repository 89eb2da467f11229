package io.moolah.loadtest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every answer of a run, by window of {@code windowSeconds}: how many, their latencies (for percentiles), and their
 * statuses (errors by code). Fed by the simulation as answers arrive; read once the run is over for the summary, the
 * charts and the breaking point. Thread-safe: virtual users answer on several threads.
 */
public final class Timeline {
    private final long startMillis;
    private final int windowSeconds;
    private final Map<Integer, Window> windows = new TreeMap<>();
    private final Map<String, Window> calls = new TreeMap<>();

    public Timeline(long startMillis, int windowSeconds) {
        this.startMillis = startMillis;
        this.windowSeconds = windowSeconds;
    }

    /** One window's figures once the run is over. */
    public record Figures(int second, int seconds, int count, double perSecond, long p50, long p95, long p99, double errorShare,
                          Map<Integer, Integer> errorsByStatus) {
    }

    private static final class Window {
        private long[] latencies = new long[64];
        private int count;
        private final Map<Integer, Integer> errors = new TreeMap<>();

        void add(long latencyMillis, int status, boolean error) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = latencyMillis;
            if (error) {
                errors.merge(status, 1, Integer::sum);
            }
        }
    }

    /** The answer to call {@code name} that arrived at {@code atMillis} after {@code latencyMillis}; {@code error} as the mission counts it. */
    public synchronized void record(String name, long atMillis, long latencyMillis, int status, boolean error) {
        int window = (int) Math.max(0, (atMillis - startMillis) / 1000 / windowSeconds);
        windows.computeIfAbsent(window, key -> new Window()).add(latencyMillis, status, error);
        calls.computeIfAbsent(name, key -> new Window()).add(latencyMillis, status, error);
    }

    /** One kind of call over the whole run. */
    public record Call(String name, int count, long p50, long p95, long p99, long max, int errors) {
    }

    public synchronized java.util.List<Call> calls() {
        java.util.List<Call> result = new ArrayList<>();
        calls.forEach((name, window) -> {
            long[] sorted = Arrays.copyOf(window.latencies, window.count);
            Arrays.sort(sorted);
            result.add(new Call(name, window.count, percentile(sorted, 0.5), percentile(sorted, 0.95), percentile(sorted, 0.99),
                    sorted.length == 0 ? 0 : sorted[sorted.length - 1], window.errors.values().stream().mapToInt(Integer::intValue).sum()));
        });
        return result;
    }

    public synchronized List<Figures> figures() {
        List<Figures> figures = new ArrayList<>();
        windows.forEach((index, window) -> {
            long[] sorted = Arrays.copyOf(window.latencies, window.count);
            Arrays.sort(sorted);
            int errors = window.errors.values().stream().mapToInt(Integer::intValue).sum();
            figures.add(new Figures(index * windowSeconds, windowSeconds, window.count, (double) window.count / windowSeconds,
                    percentile(sorted, 0.50), percentile(sorted, 0.95), percentile(sorted, 0.99),
                    window.count == 0 ? 0 : (double) errors / window.count, Map.copyOf(window.errors)));
        });
        return figures;
    }

    /** p50, p95 and p99 of every answer of the run. */
    public synchronized long[] overallPercentiles() {
        int total = windows.values().stream().mapToInt(window -> window.count).sum();
        long[] all = new long[total];
        int at = 0;
        for (Window window : windows.values()) {
            System.arraycopy(window.latencies, 0, all, at, window.count);
            at += window.count;
        }
        Arrays.sort(all);
        return new long[]{percentile(all, 0.50), percentile(all, 0.95), percentile(all, 0.99)};
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }
}
