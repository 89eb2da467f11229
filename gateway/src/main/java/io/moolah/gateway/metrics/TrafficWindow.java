package io.moolah.gateway.metrics;

import io.moolah.gateway.exchange.RouteTable;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The last minute of traffic through this gateway, per service and per second: requests, client and server errors,
 * and a latency histogram, for the operator console's live panel ({@link LiveTraffic}). A ring of one-second slots;
 * recording is a few atomic increments on the slot of the current second, with nothing allocated. Latencies are
 * counted in fixed buckets, so a percentile is the upper bound of the bucket it falls in.
 */
@Singleton
public class TrafficWindow {
    /** The services as the contract names them, then the gateway's own answers (its pages, 404s, refusals before a route). */
    public static final List<String> SERVICES = List.of("account-service", "transaction-service", "payment-gateway-service",
            "cache-service", "gateway");
    /** Bucket upper bounds in microseconds; the last bucket is everything slower. */
    static final long[] BOUNDS_MICROS = {250, 500, 1_000, 2_000, 3_000, 5_000, 7_500, 10_000, 15_000, 20_000, 30_000,
            50_000, 75_000, 100_000, 150_000, 200_000, 300_000, 500_000, 750_000, 1_000_000, 2_000_000, 5_000_000,
            10_000_000, 30_000_000};
    /** The most seconds a report covers; the ring keeps a few more, so a slot is never read while it is reused. */
    public static final int MAX_SECONDS = 60;
    private static final int SLOTS = 64;
    private static final int REQUESTS = 0;
    private static final int CLIENT_ERRORS = 1;
    private static final int SERVER_ERRORS = 2;
    private static final int FIRST_BUCKET = 3;
    private static final int STRIDE = FIRST_BUCKET + BOUNDS_MICROS.length + 1;

    private final Slot[] slots = new Slot[SLOTS];

    public TrafficWindow() {
        for (int i = 0; i < SLOTS; i++) {
            slots[i] = new Slot();
        }
    }

    private static final class Slot {
        volatile long second = -1;
        final AtomicLongArray cells = new AtomicLongArray(SERVICES.size() * STRIDE);

        /** Makes this the slot of {@code now}, emptied, unless another request did so first. */
        synchronized void claim(long now) {
            if (second != now) {
                for (int i = 0; i < cells.length(); i++) {
                    cells.set(i, 0);
                }
                second = now;
            }
        }
    }

    /** One answered request: {@code upstream} is the route's ({@link RouteTable}), or null when the gateway answered without one. */
    public void record(String upstream, int status, long nanos) {
        record(System.currentTimeMillis() / 1000, serviceIndex(upstream), status, nanos);
    }

    void record(long second, int service, int status, long nanos) {
        Slot slot = slots[(int) (second % SLOTS)];
        if (slot.second != second) {
            slot.claim(second);
        }
        int base = service * STRIDE;
        slot.cells.incrementAndGet(base + REQUESTS);
        if (status >= 500) {
            slot.cells.incrementAndGet(base + SERVER_ERRORS);
        } else if (status >= 400) {
            slot.cells.incrementAndGet(base + CLIENT_ERRORS);
        }
        slot.cells.incrementAndGet(base + FIRST_BUCKET + bucketOf(nanos / 1_000));
    }

    static int bucketOf(long micros) {
        for (int i = 0; i < BOUNDS_MICROS.length; i++) {
            if (micros <= BOUNDS_MICROS[i]) {
                return i;
            }
        }
        return BOUNDS_MICROS.length;
    }

    private static int serviceIndex(String upstream) {
        if (upstream == null) {
            return 4;
        }
        return switch (upstream) {
            case RouteTable.ACCOUNT -> 0;
            case RouteTable.TRANSACTION -> 1;
            case RouteTable.PAYMENT -> 2;
            case RouteTable.CACHE -> 3;
            default -> 4;
        };
    }

    /** One service's traffic over a window: totals, percentiles (bucket bounds, ms) and the count of each second. */
    public record ServiceTraffic(String service, long requests, double requestsPerSecond, long clientErrors, long serverErrors,
                                 Double p50Ms, Double p95Ms, Double p99Ms, List<Second> seconds) {
    }

    /** One second of one service: when it began (epoch second), requests, server errors and its p99 (ms, or null). */
    public record Second(long at, long requests, long clientErrors, long serverErrors, Double p99Ms) {
    }

    /** The {@code seconds} whole seconds before the current one, per service (1 to {@link #MAX_SECONDS}). */
    public List<ServiceTraffic> report(int seconds) {
        return report(System.currentTimeMillis() / 1000, seconds);
    }

    List<ServiceTraffic> report(long now, int seconds) {
        int window = Math.max(1, Math.min(seconds, MAX_SECONDS));
        List<ServiceTraffic> services = new ArrayList<>(SERVICES.size());
        for (int service = 0; service < SERVICES.size(); service++) {
            long[] histogram = new long[BOUNDS_MICROS.length + 1];
            long requests = 0;
            long clientErrors = 0;
            long serverErrors = 0;
            List<Second> perSecond = new ArrayList<>(window);
            for (long second = now - window; second < now; second++) {
                Slot slot = slots[(int) (second % SLOTS)];
                long[] secondHistogram = new long[histogram.length];
                long secondRequests = 0;
                long secondClientErrors = 0;
                long secondServerErrors = 0;
                if (slot.second == second) {
                    int base = service * STRIDE;
                    secondRequests = slot.cells.get(base + REQUESTS);
                    secondClientErrors = slot.cells.get(base + CLIENT_ERRORS);
                    secondServerErrors = slot.cells.get(base + SERVER_ERRORS);
                    for (int b = 0; b < secondHistogram.length; b++) {
                        secondHistogram[b] = slot.cells.get(base + FIRST_BUCKET + b);
                        histogram[b] += secondHistogram[b];
                    }
                }
                requests += secondRequests;
                clientErrors += secondClientErrors;
                serverErrors += secondServerErrors;
                perSecond.add(new Second(second, secondRequests, secondClientErrors, secondServerErrors, percentile(secondHistogram, 0.99)));
            }
            services.add(new ServiceTraffic(SERVICES.get(service), requests, Math.round(requests * 10.0 / window) / 10.0,
                    clientErrors, serverErrors, percentile(histogram, 0.50), percentile(histogram, 0.95), percentile(histogram, 0.99),
                    perSecond));
        }
        return services;
    }

    /** The upper bound (ms) of the bucket the {@code quantile} falls in; null with no requests, the largest bound when slower. */
    static Double percentile(long[] histogram, double quantile) {
        long total = 0;
        for (long count : histogram) {
            total += count;
        }
        if (total == 0) {
            return null;
        }
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (int b = 0; b < histogram.length; b++) {
            seen += histogram[b];
            if (seen >= rank) {
                return BOUNDS_MICROS[Math.min(b, BOUNDS_MICROS.length - 1)] / 1000.0;
            }
        }
        return BOUNDS_MICROS[BOUNDS_MICROS.length - 1] / 1000.0;
    }
}
