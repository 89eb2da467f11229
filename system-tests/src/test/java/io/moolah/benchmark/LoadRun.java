package io.moolah.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/**
 * A closed-loop load run: {@code concurrency} workers each send one request after another for a fixed time (bounded
 * in time and, through {@code maxRequests}, in count), recording every latency. Prints figures, asserts nothing.
 * Two paths of different speeds get different throughputs here; {@link FixedRateRun} gives both the same rate.
 */
public final class LoadRun {
    private LoadRun() {
    }

    /** One request by worker {@code worker}; returns whether it succeeded. */
    public interface Request extends IntPredicate {
    }

    public record Result(String name, int concurrency, long requests, long errors, double seconds, long[] sortedNanos) {
        public double throughput() {
            return requests / seconds;
        }

        public double percentileMillis(double p) {
            return LoadRun.percentileMillis(sortedNanos, p);
        }

        public String line() {
            return String.format("%-34s c=%-3d %8d req %6d err %9.1f req/s  p50 %8.2f ms  p95 %8.2f ms  p99 %8.2f ms",
                    name, concurrency, requests, errors, throughput(), percentileMillis(50), percentileMillis(95),
                    percentileMillis(99));
        }
    }

    /** The {@code p}th percentile of sorted latencies, in milliseconds (NaN when there are none). */
    static double percentileMillis(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sortedNanos.length - 1, Math.ceil(p / 100.0 * sortedNanos.length) - 1);
        return sortedNanos[Math.max(0, index)] / 1e6;
    }

    public static Result run(String name, int concurrency, Duration warmUp, Duration measure, long maxRequests, Request request) {
        drive(concurrency, warmUp, maxRequests, request);
        return drive(name, concurrency, measure, maxRequests, request);
    }

    /** A run that also prints where the measured requests' CPU went, process by process (see {@link ProcessCpu}). */
    public static Result runCounted(String name, int concurrency, Duration warmUp, Duration measure, long maxRequests,
                                    Request request) {
        drive(concurrency, warmUp, maxRequests, request);
        Map<String, Long> ticks = new HashMap<>();
        Result result = driveCounting(name, concurrency, measure, maxRequests, request, ticks);
        System.out.println(result.line());
        System.out.println(ProcessCpu.perRequest(ticks, result.requests()));
        return result;
    }

    /**
     * Two paths measured side by side in alternating slices (A then B, B then A, ...), so that drifts in the machine's
     * load (these machines are shared) fall on both alike, where two consecutive rows would each catch a different
     * moment. Each path's CPU per request is summed over its own slices. Prints both rows.
     */
    public static Result[] alternating(String nameA, Request a, String nameB, Request b, int concurrency,
                                       Duration warmUp, Duration measure, int slices, long maxRequests) {
        return alternating(nameA, a, concurrency, nameB, b, concurrency, warmUp, measure, slices, maxRequests);
    }

    /** The same, each path with its own number of workers (the same load per part when B has fewer parts than A). */
    public static Result[] alternating(String nameA, Request a, int concurrencyA, String nameB, Request b, int concurrencyB,
                                       Duration warmUp, Duration measure, int slices, long maxRequests) {
        drive(concurrencyA, warmUp, maxRequests, a);
        drive(concurrencyB, warmUp, maxRequests, b);
        Duration slice = measure.dividedBy(slices);
        List<List<Result>> parts = List.of(new ArrayList<>(), new ArrayList<>());
        List<Map<String, Long>> ticks = List.of(new HashMap<>(), new HashMap<>());
        for (int i = 0; i < slices; i++) {
            for (int turn = 0; turn < 2; turn++) {
                int path = i % 2 == 0 ? turn : 1 - turn;
                parts.get(path).add(driveCounting(path == 0 ? nameA : nameB, path == 0 ? concurrencyA : concurrencyB, slice,
                        Math.max(1, maxRequests / slices), path == 0 ? a : b, ticks.get(path)));
            }
        }
        Result[] results = {merge(parts.get(0)), merge(parts.get(1))};
        for (int path = 0; path < 2; path++) {
            System.out.println(results[path].line());
            System.out.println(ProcessCpu.perRequest(ticks.get(path), results[path].requests()));
        }
        return results;
    }

    /** One measured stretch; what each process spent meanwhile is added to {@code ticks} (left empty without /proc). */
    private static Result driveCounting(String name, int concurrency, Duration duration, long maxRequests, Request request,
                                        Map<String, Long> ticks) {
        ProcessCpu.Snapshot before = ProcessCpu.take();
        Result result = drive(name, concurrency, duration, maxRequests, request);
        ProcessCpu.add(ticks, before, ProcessCpu.take());
        return result;
    }

    private static Result merge(List<Result> parts) {
        Result first = parts.get(0);
        long[] latencies = parts.stream().flatMapToLong(part -> Arrays.stream(part.sortedNanos())).sorted().toArray();
        return new Result(first.name(), first.concurrency(), latencies.length,
                parts.stream().mapToLong(Result::errors).sum(), parts.stream().mapToDouble(Result::seconds).sum(), latencies);
    }

    private static void drive(int concurrency, Duration duration, long maxRequests, Request request) {
        drive("warm-up", concurrency, duration, maxRequests, request);
    }

    private static Result drive(String name, int concurrency, Duration duration, long maxRequests, Request request) {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long deadline = System.nanoTime() + duration.toNanos();
        long perWorker = Math.max(1, maxRequests / concurrency);
        List<Future<long[]>> workers = new ArrayList<>();
        long[] errors = new long[concurrency];
        long started = System.nanoTime();
        for (int w = 0; w < concurrency; w++) {
            int worker = w;
            workers.add(pool.submit(() -> {
                long[] latencies = new long[1024];
                int count = 0;
                while (System.nanoTime() < deadline && count < perWorker) {
                    long begin = System.nanoTime();
                    boolean ok = request.test(worker);
                    long took = System.nanoTime() - begin;
                    if (!ok) {
                        errors[worker]++;
                    }
                    if (count == latencies.length) {
                        latencies = Arrays.copyOf(latencies, count * 2);
                    }
                    latencies[count++] = took;
                }
                return Arrays.copyOf(latencies, count);
            }));
        }
        List<long[]> all = new ArrayList<>();
        try {
            for (Future<long[]> worker : workers) {
                all.add(worker.get(duration.toSeconds() + 120, TimeUnit.SECONDS));
            }
        } catch (Exception e) {
            throw new IllegalStateException("load run failed", e);
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] merged = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(name, concurrency, merged.length, Arrays.stream(errors).sum(), seconds, merged);
    }
}
