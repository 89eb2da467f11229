package io.moolah.gateway.ratelimit;

import io.moolah.gateway.config.GatewaySettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Adaptive limits: watches every upstream's latency and failures and tells the rate limiter how far to tighten. */
@Singleton
public class LoadShedder {
    private static final Logger LOG = Logger.getLogger(LoadShedder.class);

    @Inject
    GatewaySettings settings;

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry registry;

    private final Map<String, UpstreamLoad> loads = new ConcurrentHashMap<>();
    private long timer = -1;

    public UpstreamLoad load(String upstream) {
        return loads.computeIfAbsent(upstream, name -> {
            UpstreamLoad load = new UpstreamLoad();
            Gauge.builder("moolah.gateway.shedding.factor", load, UpstreamLoad::readFactor)
                    .description("Share of the configured read rate limits allowed now (1 = not shedding)")
                    .tag("upstream", name).register(registry);
            return load;
        });
    }

    /** One attempt at an upstream: how long it took and whether it failed (5xx, timeout, connection failure). */
    public void record(String upstream, long nanos, boolean failed) {
        load(upstream).record(nanos, failed);
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(settings.shedding().interval().toMillis(), id -> loads.forEach((name, load) -> {
            double before = load.readFactor();
            load.endInterval(settings.shedding());
            if (before == 1.0 && load.readFactor() < 1.0) {
                LOG.warnf("upstream %s is slow or failing: rate limits for it tighten", name);
            } else if (before < 1.0 && load.readFactor() == 1.0) {
                LOG.infof("upstream %s recovered: rate limits for it are back to normal", name);
            }
        }));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
