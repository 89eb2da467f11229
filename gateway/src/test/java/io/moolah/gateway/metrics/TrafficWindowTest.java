package io.moolah.gateway.metrics;

import io.moolah.gateway.exchange.RouteTable;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class TrafficWindowTest {
    private static final long NOW = 1_800_000_000L;
    private static final int LEDGER = TrafficWindow.SERVICES.indexOf("transaction-service");
    private static final int GATEWAY = TrafficWindow.SERVICES.indexOf("gateway");

    private final TrafficWindow window = new TrafficWindow();

    private static TrafficWindow.ServiceTraffic service(List<TrafficWindow.ServiceTraffic> report, String name) {
        return report.stream().filter(traffic -> traffic.service().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void countsEachServicesRequestsAndErrorsPerSecond() {
        for (int i = 0; i < 90; i++) {
            window.record(NOW - 2, LEDGER, 201, 2_000_000);
        }
        window.record(NOW - 2, LEDGER, 409, 1_000_000);
        window.record(NOW - 1, LEDGER, 503, 40_000_000);
        window.record(NOW - 1, GATEWAY, 404, 100_000);
        window.record(NOW, LEDGER, 201, 1_000_000); // the current second: not whole yet, not reported

        var report = window.report(NOW, 10);
        var ledger = service(report, "transaction-service");
        assertEquals(92, ledger.requests());
        assertEquals(9.2, ledger.requestsPerSecond());
        assertEquals(1, ledger.clientErrors());
        assertEquals(1, ledger.serverErrors());
        assertEquals(10, ledger.seconds().size());
        assertEquals(NOW - 10, ledger.seconds().get(0).at());
        assertEquals(91, ledger.seconds().get(8).requests());
        assertEquals(1, ledger.seconds().get(9).serverErrors());
        assertEquals(1, service(report, "gateway").clientErrors());
        assertEquals(0, service(report, "cache-service").requests());
        assertNull(service(report, "cache-service").p99Ms());
    }

    @Test
    void percentilesAreTheUpperBoundOfTheirBucket() {
        for (int i = 0; i < 98; i++) {
            window.record(NOW - 1, LEDGER, 200, 1_800_000); // 1.8 ms: the 2 ms bucket
        }
        window.record(NOW - 1, LEDGER, 200, 120_000_000); // 120 ms: the 150 ms bucket
        window.record(NOW - 1, LEDGER, 200, 120_000_000);
        var ledger = service(window.report(NOW, 1), "transaction-service");
        assertEquals(2.0, ledger.p50Ms());
        assertEquals(2.0, ledger.p95Ms());
        assertEquals(150.0, ledger.p99Ms());
        assertEquals(150.0, ledger.seconds().get(0).p99Ms());
    }

    @Test
    void aSecondOlderThanTheRingIsForgottenWhenItsSlotIsReused() {
        window.record(NOW - 64, LEDGER, 200, 1_000_000);
        window.record(NOW - 1, LEDGER, 200, 1_000_000);
        window.record(NOW, LEDGER, 200, 1_000_000); // same slot as NOW - 64: claimed and emptied
        assertEquals(1, service(window.report(NOW, 60), "transaction-service").requests());
        assertEquals(1, service(window.report(NOW + 1, 60), "transaction-service").seconds().get(59).requests());
    }

    @Test
    void theWindowIsOneToSixtySeconds() {
        assertEquals(1, service(window.report(NOW, 0), "gateway").seconds().size());
        assertEquals(60, service(window.report(NOW, 500), "gateway").seconds().size());
    }

    @Test
    void slowerThanTheLastBoundCountsAsTheLastBound() {
        window.record(NOW - 1, GATEWAY, 504, 90_000_000_000L);
        assertEquals(30_000.0, service(window.report(NOW, 1), "gateway").p99Ms());
        assertEquals(TrafficWindow.BOUNDS_MICROS.length, TrafficWindow.bucketOf(31_000_000));
        assertEquals(0, TrafficWindow.bucketOf(0));
        assertEquals(0, TrafficWindow.bucketOf(250));
        assertEquals(1, TrafficWindow.bucketOf(251));
    }

    @Test
    void aRouteIsCountedForItsService() {
        window.record(RouteTable.CACHE, 200, 1_000);
        window.record(null, 404, 1_000);
        long now = System.currentTimeMillis() / 1000 + 1;
        var report = window.report(now, 2);
        assertEquals(1, service(report, "cache-service").requests());
        assertEquals(1, service(report, "gateway").requests());
    }

    @Test
    void theQueryIsChecked() {
        assertEquals(60, LiveTraffic.seconds(null));
        assertEquals(60, LiveTraffic.seconds(""));
        assertEquals(60, LiveTraffic.seconds("other=1"));
        assertEquals(5, LiveTraffic.seconds("seconds=5"));
        assertEquals(60, LiveTraffic.seconds("seconds=60"));
        for (String bad : List.of("seconds=0", "seconds=61", "seconds=abc", "seconds=", "seconds=-1", "seconds=1e1",
                "seconds=5&seconds=6", "seconds=999999999999")) {
            assertNull(LiveTraffic.seconds(bad), bad);
        }
    }
}
