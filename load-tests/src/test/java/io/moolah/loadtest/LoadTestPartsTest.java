package io.moolah.loadtest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The load test's own arithmetic: scenarios, windows and percentiles, the verdict and the breaking point. */
class LoadTestPartsTest {

    @Test
    void scenariosAreTheMissionsAndScaleShortensOnlyTheirDurations() {
        Scenario peak = Scenario.named("peak", 0.5);
        assertEquals(1000, peak.users());
        assertEquals(Duration.ofMinutes(1), peak.rampUp());
        assertEquals(Duration.ofMinutes(5), peak.hold());
        assertEquals(Duration.ofMinutes(20), Scenario.named("stress", 1).total());
        assertThrows(IllegalArgumentException.class, () -> Scenario.named("soak", 1));
        assertThrows(IllegalArgumentException.class, () -> Scenario.named("normal", 0));
        assertThrows(IllegalArgumentException.class, () -> Scenario.named("normal", 1.5));
    }

    @Test
    void answersAreCountedPerWindowWithNearestRankPercentiles() {
        Timeline timeline = new Timeline(0, 10);
        for (int i = 1; i <= 100; i++) {
            timeline.record("call", 1_000, i, 200, false);
        }
        timeline.record("call", 12_000, 900, 503, true);
        timeline.record("call", 12_500, 10, 200, false);
        List<Timeline.Figures> figures = timeline.figures();
        assertEquals(2, figures.size());
        assertEquals(50, figures.get(0).p50());
        assertEquals(95, figures.get(0).p95());
        assertEquals(99, figures.get(0).p99());
        assertEquals(10.0, figures.get(0).perSecond());
        assertEquals(10, figures.get(1).second());
        assertEquals(0.5, figures.get(1).errorShare());
        assertEquals(Map.of(503, 1), figures.get(1).errorsByStatus());
        assertEquals(96, timeline.overallPercentiles()[1]);
    }

    @Test
    void stressReportsTheFirstWindowThatBreaksAPromise(@TempDir Path report) throws IOException {
        Timeline timeline = new Timeline(0, 10);
        for (int second = 0; second < 60; second++) {
            long latency = second < 30 ? 20 : 400;
            timeline.record("call", second * 1000L, latency, 200, false);
        }
        long[] overall = timeline.overallPercentiles();
        LoadTestReport.write(report, Scenario.named("stress", 0.1), timeline.figures(), timeline.calls(), Map.of(), overall[0], overall[1], overall[2]);
        // 30 s into a 30 s ramp-up (5 minutes scaled by 0.1): every one of the 2,000 customers had arrived.
        assertEquals("breaking point at 30 s, 2000 customers arrived: p95 400 ms, errors 0.00%", Files.readString(report.resolve("verdict")).trim());
        assertTrue(Files.readString(report.resolve("latency.svg")).startsWith("<svg"));
        assertEquals(7, Files.readAllLines(report.resolve("timeline.csv")).size());
    }

    @Test
    void normalPassesOnlyUnderBothPromises(@TempDir Path report) throws IOException {
        Timeline timeline = new Timeline(0, 10);
        for (int i = 0; i < 1000; i++) {
            timeline.record("call", i * 10L, 50, i < 9 ? 503 : 200, i < 9);
        }
        long[] overall = timeline.overallPercentiles();
        LoadTestReport.write(report, Scenario.named("normal", 0.1), timeline.figures(), timeline.calls(), Map.of(), overall[0], overall[1], overall[2]);
        assertEquals("PASS", Files.readString(report.resolve("verdict")).trim(), "0.9% errors and p95 50 ms");
        timeline.record("call", 5_000, 50, 500, true);
        timeline.record("call", 5_001, 50, 500, true);
        overall = timeline.overallPercentiles();
        LoadTestReport.write(report, Scenario.named("normal", 0.1), timeline.figures(), timeline.calls(), Map.of(), overall[0], overall[1], overall[2]);
        assertEquals("FAIL", Files.readString(report.resolve("verdict")).trim(), "1.09% errors");
    }
}
