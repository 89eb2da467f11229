package io.moolah.gateway.ratelimit;

import io.moolah.gateway.config.GatewaySettings;

import java.util.concurrent.atomic.LongAdder;

/**
 * How one upstream has been doing over the current interval, and the share of the configured rate limits it is
 * allowed now. At the end of each interval: too slow on average or failing too often halves the share (down to
 * {@code minimumFactor}); a healthy interval gives back {@code recoveryStep} (additive increase, multiplicative
 * decrease, as TCP does). Money movement keeps the square root of the share, so it is squeezed far less than reads.
 */
public final class UpstreamLoad {
    private final LongAdder attempts = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder latencyNanos = new LongAdder();
    private volatile double factor = 1.0;

    public void record(long nanos, boolean failed) {
        attempts.increment();
        latencyNanos.add(nanos);
        if (failed) {
            failures.increment();
        }
    }

    /** Share of the configured rate that reads get now (1 = no shedding). */
    public double readFactor() {
        return factor;
    }

    /** Share that money movement gets: the square root of the read share (0.25 for reads is 0.5 for money). */
    public double writeFactor() {
        return Math.sqrt(factor);
    }

    /** Closes the interval: judges it and moves the share. */
    public void endInterval(GatewaySettings.Shedding policy) {
        long samples = attempts.sumThenReset();
        long failed = failures.sumThenReset();
        long totalNanos = latencyNanos.sumThenReset();
        factor = next(factor, samples, failed, totalNanos, policy);
    }

    static double next(double factor, long samples, long failed, long totalNanos, GatewaySettings.Shedding policy) {
        boolean enough = samples >= policy.minimumSamples();
        boolean slow = enough && totalNanos / samples > policy.latencyThreshold().toNanos();
        boolean failing = enough && failed > policy.errorRateThreshold() * samples;
        if (slow || failing) {
            return Math.max(policy.minimumFactor(), factor / 2);
        }
        return Math.min(1.0, factor + policy.recoveryStep());
    }
}
