package io.moolah.platform.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;

/**
 * Histogram buckets for the request timers the alerts and dashboards read ({@code http.server.requests} in every
 * service, {@code moolah.gateway.requests} in the gateway): a fixed set of boundaries around the mission's promises
 * (200 ms per request, an alert above 1 s), so {@code histogram_quantile} over {@code _bucket} series works and each
 * timer exports 12 buckets, not Micrometer's default 70-odd. Without buckets the latency alert never evaluates.
 */
@Singleton
public class LatencyHistograms {
    /** Names of the timers that get buckets. */
    public static final Set<String> TIMERS = Set.of("http.server.requests", "moolah.gateway.requests");
    /** Bucket boundaries; 0.2 s and 1 s are the mission's thresholds and must stay boundaries. */
    public static final Duration[] BOUNDARIES = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    @Produces
    @Singleton
    MeterFilter latencyBuckets() {
        double[] nanos = Arrays.stream(BOUNDARIES).mapToDouble(Duration::toNanos).toArray();
        DistributionStatisticConfig buckets = DistributionStatisticConfig.builder()
                .percentilesHistogram(false)
                .serviceLevelObjectives(nanos)
                .build();
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                return id.getType() == Meter.Type.TIMER && TIMERS.contains(id.getName()) ? buckets.merge(config) : config;
            }
        };
    }
}
