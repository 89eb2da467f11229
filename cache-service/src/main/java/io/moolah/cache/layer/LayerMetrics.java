package io.moolah.cache.layer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Per layer: hits, misses and a latency histogram ({@code moolah.cache.requests}, {@code moolah.cache.latency}). The
 * hit ratio of a layer is hits / (hits + misses) of that layer; Prometheus computes it from the counters.
 */
@ApplicationScoped
public class LayerMetrics {
    private final Map<Layer, Counter> hits = new EnumMap<>(Layer.class);
    private final Map<Layer, Counter> misses = new EnumMap<>(Layer.class);
    private final Map<Layer, Timer> latency = new EnumMap<>(Layer.class);

    @Inject
    public LayerMetrics(MeterRegistry registry) {
        for (Layer layer : Layer.values()) {
            hits.put(layer, Counter.builder("moolah.cache.requests").tag("layer", layer.tag()).tag("result", "hit").register(registry));
            misses.put(layer, Counter.builder("moolah.cache.requests").tag("layer", layer.tag()).tag("result", "miss").register(registry));
            latency.put(layer, Timer.builder("moolah.cache.latency").tag("layer", layer.tag())
                    .publishPercentileHistogram().register(registry));
        }
    }

    /**
     * Times one look-up in {@code layer}, counts it as a hit when it found something usable, and returns that, or
     * null on a miss (nothing found, or too old to use).
     */
    public <T> T lookUp(Layer layer, Supplier<T> lookUp, Predicate<T> usable) {
        long started = System.nanoTime();
        T found = lookUp.get();
        latency.get(layer).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        boolean hit = found != null && usable.test(found);
        (hit ? hits : misses).get(layer).increment();
        return hit ? found : null;
    }

    /**
     * A look-up that counts only when it hits: for a fast path whose misses are looked up (and counted) again by the
     * full path, so no miss is counted twice.
     */
    public <T> T lookUpCountingHits(Layer layer, Supplier<T> lookUp, Predicate<T> usable) {
        long started = System.nanoTime();
        T found = lookUp.get();
        if (found == null || !usable.test(found)) {
            return null;
        }
        latency.get(layer).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        hits.get(layer).increment();
        return found;
    }

    public double hits(Layer layer) {
        return hits.get(layer).count();
    }

    public double misses(Layer layer) {
        return misses.get(layer).count();
    }
}
