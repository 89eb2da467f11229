package io.moolah.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load run: a pacer starts {@code rate} requests a second, evenly spaced, whether or not the earlier ones
 * have answered, two paths in alternating slices as {@link LoadRun#alternating} does. Both paths then carry the same
 * number of requests, so the CPU the platform spends anyway (Kafka, relays, pollers) weighs on both alike; a slice
 * with no load at all, before and after the measured ones, gives that idle CPU per second, and from it the marginal
 * CPU per request: the slices' CPU less the idle rate over their length, divided by the requests that succeeded.
 *
 * <p>Latency runs from each request's scheduled start, not from when it was sent, so a stall (of the platform or of
 * the pacer) counts against every request it delays (no coordinated omission). At most {@link #MAX_IN_FLIGHT} requests
 * are outstanding, each on its own slot ({@code Request.test(slot)}: one connection per slot); a start that finds no
 * free slot is dropped and counted: the platform could not keep the rate. A slice ends when its last request has
 * answered, so none spills into the other path's slice. Bounded in count (rate × slice) and time. Prints figures,
 * asserts nothing.
 */
final class FixedRateRun {
    static final int MAX_IN_FLIGHT = 256;
    /** Before an idle slice: lets the tail of the load (relays publishing, consumers reading) end. */
    private static final Duration SETTLE = Duration.ofSeconds(3);
    /** How long a slice waits for its outstanding requests after its last start. */
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(60);

    private FixedRateRun() {
    }

    /** One path's figures over its slices; {@code ok} counts the requests that succeeded (2xx). */
    record Figures(String name, int rate, long ok, long errors, long dropped, double seconds, long[] sortedNanos,
                   Map<String, Long> ticks) {
        double achieved() {
            return ok / seconds;
        }

        double cpuMillisPerRequest() {
            return sum(ProcessCpu.millis(ticks)) / ok;
        }

        double marginalCpuMillisPerRequest(Idle idle) {
            return sum(marginalMillis(idle)) / ok;
        }

        /** Each part's CPU in these slices less what it spends idle over as long. */
        Map<String, Double> marginalMillis(Idle idle) {
            Map<String, Double> marginal = new LinkedHashMap<>(ProcessCpu.millis(ticks));
            ProcessCpu.millis(idle.ticks()).forEach((part, ms) -> marginal.merge(part, -ms / idle.seconds() * seconds, Double::sum));
            return marginal;
        }

        String line() {
            return String.format("%-36s rate %4d/s asked %7.1f/s achieved (2xx) %7d ok %5d err %5d dropped  p50 %8.2f ms  "
                            + "p95 %8.2f ms  p99 %8.2f ms", name, rate, achieved(), ok, errors, dropped,
                    LoadRun.percentileMillis(sortedNanos, 50), LoadRun.percentileMillis(sortedNanos, 95),
                    LoadRun.percentileMillis(sortedNanos, 99));
        }
    }

    /** What each part spent with no load at all, over {@code seconds}. */
    record Idle(Map<String, Long> ticks, double seconds) {
        Idle plus(Idle other) {
            Map<String, Long> both = new HashMap<>(ticks);
            other.ticks().forEach((part, spent) -> both.merge(part, spent, Long::sum));
            return new Idle(both, seconds + other.seconds());
        }
    }

    record Comparison(Figures a, Figures b, Idle idle) {
    }

    /** One request's outcome; {@code nanos} from its scheduled start to its answer. */
    private record Outcome(boolean ok, long nanos) {
    }

    /** One slice of one path. */
    private record Slice(long ok, long errors, long dropped, double seconds, long[] nanos) {
    }

    /**
     * Warms both paths up at the rate, measures an idle slice, then {@code slices} rounds of A then B (B then A on odd
     * rounds) of {@code measure / slices} each at {@code rate} requests a second, then another idle slice. Prints the
     * idle CPU per second and each path's figures, CPU and marginal CPU per request that succeeded.
     */
    static Comparison alternating(String nameA, LoadRun.Request a, String nameB, LoadRun.Request b, int rate,
                                  Duration warmUp, Duration measure, int slices) {
        ExecutorService pool = Executors.newCachedThreadPool();
        Deque<Integer> free = new ConcurrentLinkedDeque<>();
        for (int slot = 0; slot < MAX_IN_FLIGHT; slot++) {
            free.addLast(slot);
        }
        try {
            pace(pool, free, a, rate, warmUp);
            pace(pool, free, b, rate, warmUp);
            Duration length = measure.dividedBy(slices);
            Idle idle = idle(length);
            List<List<Slice>> parts = List.of(new ArrayList<>(), new ArrayList<>());
            List<Map<String, Long>> ticks = List.of(new HashMap<>(), new HashMap<>());
            for (int i = 0; i < slices; i++) {
                for (int turn = 0; turn < 2; turn++) {
                    int path = i % 2 == 0 ? turn : 1 - turn;
                    ProcessCpu.Snapshot before = ProcessCpu.take();
                    parts.get(path).add(pace(pool, free, path == 0 ? a : b, rate, length));
                    ProcessCpu.add(ticks.get(path), before, ProcessCpu.take());
                }
            }
            idle = idle.plus(idle(length));
            Comparison comparison = new Comparison(merge(nameA, rate, parts.get(0), ticks.get(0)),
                    merge(nameB, rate, parts.get(1), ticks.get(1)), idle);
            print(comparison);
            return comparison;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void print(Comparison comparison) {
        Idle idle = comparison.idle();
        System.out.println(String.format("%-36s %.1f s, before and after the slices", "idle (no load)", idle.seconds()));
        System.out.println(ProcessCpu.describe("idle CPU per second (ms)", ProcessCpu.millis(idle.ticks()), idle.seconds()));
        for (Figures figures : List.of(comparison.a(), comparison.b())) {
            System.out.println(figures.line());
            if (figures.ticks().isEmpty()) {
                System.out.println("   CPU per request: not measured (no /proc here)");
                continue;
            }
            System.out.println(ProcessCpu.describe("CPU per ok request (ms)", ProcessCpu.millis(figures.ticks()), figures.ok()));
            System.out.println(ProcessCpu.describe("marginal CPU per ok request (ms)", figures.marginalMillis(idle), figures.ok()));
        }
    }

    /** Starts {@code rate × length} requests, one every {@code 1 / rate} s, and waits for their answers. */
    private static Slice pace(ExecutorService pool, Deque<Integer> free, LoadRun.Request request, int rate, Duration length) {
        long period = 1_000_000_000L / rate;
        long starts = Math.max(1, length.toNanos() / period);
        List<Future<Outcome>> started = new ArrayList<>();
        long dropped = 0;
        long begin = System.nanoTime();
        for (long k = 0; k < starts; k++) {
            long scheduled = begin + k * period;
            waitUntil(scheduled);
            Integer slot = free.pollFirst();
            if (slot == null) {
                dropped++;
            } else {
                started.add(pool.submit(() -> send(request, slot, scheduled, free)));
            }
        }
        return collect(started, dropped, begin);
    }

    /** One request on {@code slot}; the slot goes back to the front, so the fewest connections stay in use. */
    private static Outcome send(LoadRun.Request request, int slot, long scheduled, Deque<Integer> free) {
        try {
            boolean ok;
            try {
                ok = request.test(slot);
            } catch (RuntimeException e) {
                ok = false;
            }
            return new Outcome(ok, System.nanoTime() - scheduled);
        } finally {
            free.addFirst(slot);
        }
    }

    private static Slice collect(List<Future<Outcome>> started, long dropped, long begin) {
        long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
        long[] nanos = new long[started.size()];
        int answered = 0;
        long ok = 0;
        for (Future<Outcome> request : started) {
            try {
                Outcome outcome = request.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                nanos[answered++] = outcome.nanos();
                ok += outcome.ok() ? 1 : 0;
            } catch (TimeoutException | ExecutionException e) {
                request.cancel(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("fixed-rate run interrupted", e);
            }
        }
        return new Slice(ok, started.size() - ok, dropped, (System.nanoTime() - begin) / 1e9, Arrays.copyOf(nanos, answered));
    }

    /** A stretch as long as a slice with no load at all, after the load's tail has settled. */
    private static Idle idle(Duration length) {
        waitUntil(System.nanoTime() + SETTLE.toNanos());
        Map<String, Long> ticks = new HashMap<>();
        long begin = System.nanoTime();
        ProcessCpu.Snapshot before = ProcessCpu.take();
        waitUntil(begin + length.toNanos());
        ProcessCpu.add(ticks, before, ProcessCpu.take());
        return new Idle(ticks, (System.nanoTime() - begin) / 1e9);
    }

    private static void waitUntil(long nanoTime) {
        for (long wait = nanoTime - System.nanoTime(); wait > 0; wait = nanoTime - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }

    private static Figures merge(String name, int rate, List<Slice> slices, Map<String, Long> ticks) {
        long[] nanos = slices.stream().flatMapToLong(slice -> Arrays.stream(slice.nanos())).sorted().toArray();
        return new Figures(name, rate, slices.stream().mapToLong(Slice::ok).sum(), slices.stream().mapToLong(Slice::errors).sum(),
                slices.stream().mapToLong(Slice::dropped).sum(), slices.stream().mapToDouble(Slice::seconds).sum(), nanos, ticks);
    }

    private static double sum(Map<String, Double> millis) {
        return millis.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
