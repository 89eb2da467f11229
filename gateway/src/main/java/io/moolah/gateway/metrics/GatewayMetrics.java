package io.moolah.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.moolah.gateway.upstream.CircuitBreaker;
import io.moolah.gateway.upstream.UpstreamInstance;
import io.moolah.gateway.upstream.UpstreamPool;
import io.moolah.gateway.upstream.Upstreams;
import io.quarkus.runtime.StartupEvent;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's own metrics: per route request rate, latency histogram and error rate ({@code moolah.gateway.requests}
 * by route, method and status class), upstream instance health and breaker state, retries and passive failures.
 * Rate-limit rejections and the shedding share are registered where they happen.
 */
@Singleton
public class GatewayMetrics {

    @Inject
    MeterRegistry registry;

    @Inject
    Upstreams upstreams;

    private final Map<RequestKey, Timer> requests = new ConcurrentHashMap<>();
    /** The same timers by route, then method and status class; slots are filled once (a race fills one twice, alike). */
    private final Map<String, Timer[]> byRoute = new ConcurrentHashMap<>();

    /** A timer's tags; a record, so finding the timer builds no string. */
    private record RequestKey(String route, String method, int statusClass) {
    }
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    void registerUpstreamGauges(@Observes StartupEvent event) {
        for (UpstreamPool pool : upstreams.pools().values()) {
            Gauge.builder("moolah.gateway.upstream.circuit", pool.breaker(), GatewayMetrics::stateNumber)
                    .description("Circuit breaker per upstream: 0 closed, 1 half-open, 2 open")
                    .tag("upstream", pool.name()).register(registry);
            for (UpstreamInstance instance : pool.instances()) {
                Gauge.builder("moolah.gateway.upstream.available", instance, i -> i.isAvailable() ? 1 : 0)
                        .description("1 when the instance passes its health check and is not ejected")
                        .tags("upstream", pool.name(), "instance", instance.baseUrl()).register(registry);
            }
        }
    }

    private static double stateNumber(CircuitBreaker breaker) {
        return switch (breaker.state()) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }

    /** One request answered (by a service or by the gateway itself). */
    public void requestDone(String route, String method, int status, long nanos) {
        int statusClass = status / 100;
        int methodSlot = methodSlot(method);
        Timer timer;
        if (methodSlot >= 0 && statusClass >= 1 && statusClass <= 5) {
            // The usual methods: the timer from an array per route, found without hashing a key record.
            Timer[] timers = byRoute.get(route);
            if (timers == null) {
                timers = byRoute.computeIfAbsent(route, key -> new Timer[METHODS.length * 5]);
            }
            int slot = methodSlot * 5 + statusClass - 1;
            timer = timers[slot];
            if (timer == null) {
                timer = requests.computeIfAbsent(new RequestKey(route, method, statusClass), GatewayMetrics.this::requestTimer);
                timers[slot] = timer;
            }
        } else {
            timer = requests.computeIfAbsent(new RequestKey(route, method, statusClass), GatewayMetrics.this::requestTimer);
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    private static final String[] METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};

    private static int methodSlot(String method) {
        for (int i = 0; i < METHODS.length; i++) {
            if (METHODS[i].equals(method)) {
                return i;
            }
        }
        return -1;
    }

    private Timer requestTimer(RequestKey key) {
        return Timer.builder("moolah.gateway.requests")
                .description("Requests through the gateway by route, method and status class")
                .tags("route", key.route(), "method", key.method(), "status", key.statusClass() + "xx")
                .register(registry); // buckets: platform's LatencyHistograms
    }

    /** A request was tried again on another instance. */
    public void retried(String upstream) {
        count("moolah.gateway.upstream.retries", "Requests retried on another instance", upstream, "retry");
    }

    /** An attempt at an instance failed: {@code kind} is unreachable, server-error or timeout. */
    public void attemptFailed(String upstream, String kind) {
        count("moolah.gateway.upstream.failures", "Failed attempts at upstream instances", upstream, kind);
    }

    /** A request refused because the upstream's breaker is open or no instance is available. */
    public void refusedFast(String upstream, String reason) {
        count("moolah.gateway.upstream.refusals", "Requests answered 503 without trying the upstream", upstream, reason);
    }

    private void count(String name, String description, String upstream, String kind) {
        counters.computeIfAbsent(name + ' ' + upstream + ' ' + kind, key -> Counter.builder(name).description(description)
                .tags("upstream", upstream, "kind", kind).register(registry)).increment();
    }
}
