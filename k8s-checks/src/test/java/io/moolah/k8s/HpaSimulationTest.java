package io.moolah.k8s;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays a CPU-utilisation series through the HPA algorithm with each service's own HPA settings and prints the
 * replica timeline: a load ramp scales 2 to 10; a short dip changes nothing; a sustained drop to 30% brings it back
 * to 2 at the documented pace (5 minutes of stabilisation, then one pod a minute).
 */
class HpaSimulationTest {
    static final int RAMP_START = 5 * 60;
    static final int HIGH_FROM = 10 * 60;
    static final int DIP_FROM = 14 * 60;
    static final int DIP_TO = 15 * 60;
    static final int DROP = 20 * 60;
    static final int END = 40 * 60;

    /** 40% at rest; a ramp from 60% to 140% over five minutes; 140% with a one-minute dip to 30%; then 30%. */
    static double utilizationAt(int second) {
        if (second < RAMP_START) {
            return 40;
        }
        if (second < HIGH_FROM) {
            return 60 + 80.0 * (second - RAMP_START) / (HIGH_FROM - RAMP_START);
        }
        if (second >= DIP_FROM && second < DIP_TO) {
            return 30;
        }
        return second < DROP ? 140 : 30;
    }

    @ParameterizedTest
    @ValueSource(strings = {"account-service", "transaction-service", "payment-gateway-service", "cache-service", "gateway"})
    void aRampScalesTwoToTenAndASustainedDropBringsItBackToTwo(String service) throws IOException {
        HorizontalPodAutoscaler hpa = Manifests.loadAll(Manifests.root().resolve(service)).stream().map(Manifests.Manifest::object)
                .filter(HorizontalPodAutoscaler.class::isInstance).map(HorizontalPodAutoscaler.class::cast).findFirst().orElseThrow();
        HpaSimulator.Settings settings = HpaSimulator.settingsOf(hpa);
        List<HpaSimulator.Tick> timeline = new HpaSimulator(settings).replay(2, END, HpaSimulationTest::utilizationAt);
        print(settings, timeline);

        assertTrue(timeline.stream().allMatch(t -> t.replicas() >= 2 && t.replicas() <= 10), "always within 2..10");
        assertEquals(2, at(timeline, RAMP_START - 15).replicas(), "40% at rest keeps the minimum");
        int reachedTen = timeline.stream().filter(t -> t.replicas() == 10).mapToInt(HpaSimulator.Tick::second).min().orElseThrow();
        assertTrue(reachedTen < DIP_FROM, "the ramp reaches 10 replicas (at " + reachedTen + " s)");
        assertEquals(10, at(timeline, DIP_TO + 60).replicas(), "a one-minute dip does not scale down");
        assertEquals(10, at(timeline, DROP + 300 - 30).replicas(), "about five minutes of stabilisation after the drop");
        for (int i = 1; i < timeline.size(); i++) {
            int change = timeline.get(i).replicas() - timeline.get(i - 1).replicas();
            assertTrue(change >= -1, "scale down one pod at a time");
        }
        for (int second = DROP; second + 60 <= END; second += 15) {
            int inAMinute = at(timeline, second).replicas() - at(timeline, second + 60).replicas();
            assertTrue(inAMinute <= 1, "at most one pod a minute down, at " + second + " s");
        }
        assertEquals(2, timeline.get(timeline.size() - 1).replicas(), "back to the minimum");
        int backToTwo = timeline.stream().filter(t -> t.second() > DROP && t.replicas() == 2).mapToInt(HpaSimulator.Tick::second).min().orElseThrow();
        assertTrue(backToTwo - DROP <= 15 * 60, "back to 2 within 15 minutes of the drop (" + (backToTwo - DROP) + " s)");
    }

    @Test
    void withinTheToleranceNothingMoves() {
        var settings = new HpaSimulator.Settings("x", 2, 10, 70,
                new HpaSimulator.Rules(0, "Max", List.of(new HpaSimulator.Policy("Pods", 4, 15))),
                new HpaSimulator.Rules(0, "Max", List.of(new HpaSimulator.Policy("Pods", 4, 15))));
        var timeline = new HpaSimulator(settings).replay(5, 600, second -> 75);
        assertTrue(timeline.stream().allMatch(t -> t.replicas() == 5), "75% against 70% is inside the 10% tolerance");
        var upAt90 = new HpaSimulator(settings).replay(5, 15, second -> 90);
        assertEquals(7, upAt90.get(0).replicas(), "ceil(5 x 90 / 70) = 7");
    }

    private static HpaSimulator.Tick at(List<HpaSimulator.Tick> timeline, int second) {
        return timeline.stream().filter(t -> t.second() <= second).reduce((a, b) -> b).orElseThrow();
    }

    private static void print(HpaSimulator.Settings settings, List<HpaSimulator.Tick> timeline) {
        StringBuilder out = new StringBuilder("HPA timeline for " + settings.name() + " (target " + settings.targetUtilization()
                + "% CPU, " + settings.minReplicas() + ".." + settings.maxReplicas() + ", scale-down window "
                + settings.scaleDown().stabilizationWindowSeconds() + " s); one line per change:\n");
        out.append("   time  cpu%  recommended  replicas\n");
        int last = -1;
        for (HpaSimulator.Tick tick : timeline) {
            if (tick.replicas() != last || tick.second() % 300 == 0) {
                out.append(String.format("  %2d:%02d  %4.0f  %11d  %8d %s%n", tick.second() / 60, tick.second() % 60,
                        tick.utilization(), tick.recommended(), tick.replicas(), "#".repeat(tick.replicas())));
                last = tick.replicas();
            }
        }
        System.out.print(out);
    }
}
