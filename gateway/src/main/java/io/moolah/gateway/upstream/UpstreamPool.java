package io.moolah.gateway.upstream;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** The instances of one upstream service, chosen round-robin among the available ones, and its circuit breaker. */
public final class UpstreamPool {
    private final String name;
    private final List<UpstreamInstance> instances;
    private final CircuitBreaker breaker;
    private final AtomicInteger cursor = new AtomicInteger();

    public UpstreamPool(String name, List<UpstreamInstance> instances, CircuitBreaker breaker) {
        this.name = name;
        this.instances = List.copyOf(instances);
        this.breaker = breaker;
    }

    public String name() {
        return name;
    }

    public List<UpstreamInstance> instances() {
        return instances;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    /**
     * The next available instance not in {@code tried}, round-robin. When the active checks have failed every one,
     * their verdict is not trusted alone (a check lags a restart by up to its interval, and a slow check is not a
     * dead instance): an instance that requests have not found dead (not ejected) is tried anyway, and a real failure
     * then ejects it at once. Null when every instance is ejected or tried: the caller answers 503 at once.
     */
    public UpstreamInstance next(Set<UpstreamInstance> tried, long nowNanos) {
        int size = instances.size();
        if (size == 0) {
            return null;
        }
        int start = Math.floorMod(cursor.getAndIncrement(), size);
        for (int step = 0; step < size; step++) {
            UpstreamInstance candidate = instances.get((start + step) % size);
            if (candidate.isAvailable(nowNanos) && !tried.contains(candidate)) {
                return candidate;
            }
        }
        for (int step = 0; step < size; step++) {
            UpstreamInstance candidate = instances.get((start + step) % size);
            if (!candidate.isEjected(nowNanos) && !tried.contains(candidate) && noneAvailable(nowNanos)) {
                return candidate;
            }
        }
        return null;
    }

    private boolean noneAvailable(long nowNanos) {
        for (UpstreamInstance instance : instances) {
            if (instance.isAvailable(nowNanos)) {
                return false;
            }
        }
        return true;
    }
}
