package io.moolah.gateway.ratelimit;

import io.moolah.gateway.config.GatewaySettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UpstreamLoadTest {
    private static final long MS = 1_000_000L;

    private static final GatewaySettings.Shedding POLICY = new GatewaySettings.Shedding() {
        public Duration interval() { return Duration.ofSeconds(1); }
        public Duration latencyThreshold() { return Duration.ofMillis(500); }
        public double errorRateThreshold() { return 0.25; }
        public int minimumSamples() { return 20; }
        public double minimumFactor() { return 0.1; }
        public double recoveryStep() { return 0.1; }
    };

    @Test
    void slowOrFailingIntervalsHalveTheShareDownToTheFloor() {
        assertEquals(0.5, UpstreamLoad.next(1.0, 100, 0, 100 * 600 * MS, POLICY), 1e-9, "600 ms mean is over 500 ms");
        assertEquals(0.5, UpstreamLoad.next(1.0, 100, 30, 100 * 10 * MS, POLICY), 1e-9, "30% failing is over 25%");
        assertEquals(0.1, UpstreamLoad.next(0.15, 100, 100, 0, POLICY), 1e-9, "never below the floor");
    }

    @Test
    void healthyIntervalsGiveBackAStepUpToFull() {
        assertEquals(0.6, UpstreamLoad.next(0.5, 100, 0, 100 * 10 * MS, POLICY), 1e-9);
        assertEquals(1.0, UpstreamLoad.next(0.95, 100, 0, 0, POLICY), 1e-9);
        assertEquals(0.6, UpstreamLoad.next(0.5, 5, 5, 5 * 2000 * MS, POLICY), 1e-9, "five attempts are too few to judge");
    }

    @Test
    void moneyKeepsTheSquareRootOfTheReadShare() {
        UpstreamLoad load = new UpstreamLoad();
        for (int interval = 0; interval < 2; interval++) {
            for (int i = 0; i < 50; i++) {
                load.record(900 * MS, false);
            }
            load.endInterval(POLICY);
        }
        assertEquals(0.25, load.readFactor(), 1e-9);
        assertEquals(0.5, load.writeFactor(), 1e-9);
    }
}
