package io.moolah.systemtest.faults;

import io.moolah.localstack.Restartable;
import io.moolah.localstack.ServiceProcess;
import io.moolah.localstack.testing.PlatformExtension.RunningPlatform;
import io.moolah.systemtest.GatewayClient;
import io.moolah.systemtest.faults.Journal.Kind;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults under load (docs/operations.md, "Fault suite"): a platform of its own, supervised as Kubernetes would be,
 * under a mixed load through the gateway, while every part in turn is killed or stopped and the providers misbehave.
 * After each fault the load pauses and {@link BooksAudit} checks the books and the client's history; the table of
 * what the client saw per fault is printed and written to {@code system-tests/target/faults/report.md}.
 *
 * <p>In every build, each fault once with a few seconds of load after recovery. The longer version, on purpose:
 * {@code mvn -pl system-tests verify -Pfaults -Dmoolah.faults.rounds=2 -Dmoolah.faults.settle-seconds=25}.
 */
@Tag("faults")
class FaultSuiteSystemTest {
    private static final Duration RECOVER_WITHIN = Duration.ofSeconds(180);
    /** The kinds of request that must all have succeeded again before the platform counts as recovered. */
    private static final List<Kind> RECOVERED_WHEN_SERVED = List.of(Kind.BALANCE, Kind.TRANSFER_BY_ID, Kind.CAPTURE, Kind.TOPUP, Kind.QR_PAYMENT);

    @Test
    void acknowledgedMoneySurvivesEveryFaultAndTheBooksBalance() throws Exception {
        int rounds = Integer.getInteger("moolah.faults.rounds", 1);
        int settleSeconds = Integer.getInteger("moolah.faults.settle-seconds", 3);
        int workers = Integer.getInteger("moolah.faults.workers", 4);
        Path run = RunningPlatform.projectRoot().resolve("system-tests").resolve("target").resolve("faults");
        // Lost notifications and stuck QR payments are settled within seconds here (minutes in production).
        Map<String, String> environment = Map.of("MOOLAH_PAYMENT_TOP_UP_POLL_AFTER", "3s", "MOOLAH_PAYMENT_TOP_UP_POLL_INTERVAL", "2s",
                "MOOLAH_PAYMENT_QR_STUCK_AFTER", "5s");
        long began = System.nanoTime();
        try (RunningPlatform platform = RunningPlatform.startDurable(run, environment)) {
            // Services and PostgreSQL are restarted when they die; Kafka and Redis are stopped and started by the faults.
            List<Restartable> postgres = platform.infrastructure().restartable().stream()
                    .filter(server -> server.name().equals("postgresql")).toList();
            platform.platform().supervise(postgres, line -> System.out.println("[supervisor] " + line));
            Journal journal = new Journal();
            FaultReport report = new FaultReport();
            try (MixedLoad load = new MixedLoad(() -> new GatewayClient(platform.gatewayUrl(), platform.gatewayCertificate()), platform,
                    journal, workers)) {
                load.registerCustomers(8);
                BooksAudit audit = new BooksAudit(platform.infrastructure(), load::client, journal, load.customers());
                load.awaitTier(audit::tierThree);
                load.start();
                List<Faults.Fault> faults = new java.util.ArrayList<>();
                faults.add(new Faults.Fault("none (baseline)", () -> Thread.sleep(5_000)));
                List<Faults.Fault> each = Faults.all(platform, run.resolve("data").resolve("postgres"), load);
                for (int round = 0; round < rounds; round++) {
                    faults.addAll(each);
                }
                for (Faults.Fault fault : faults) {
                    System.out.println("[faults] " + fault.name());
                    long from = System.nanoTime();
                    fault.injection().run();
                    long lifted = System.nanoTime();
                    double recovery = awaitRecovery(platform, journal, lifted);
                    Thread.sleep(settleSeconds * 1_000L);
                    load.pause();
                    long to = System.nanoTime();
                    BooksAudit.Result result = audit.check();
                    FaultReport.Row row = report.add(fault.name(), journal.answersBetween(from, to), from, to, recovery, result);
                    System.out.printf(Locale.ROOT, "[faults] %s: %d requests, recovered after %.1f s%s, %s%n", fault.name(), row.requests(),
                            recovery, Double.isNaN(recovery) ? " (not served since: " + RECOVERED_WHEN_SERVED.stream()
                                    .filter(kind -> journal.lastSuccess(kind) <= lifted).toList() + ")" : "",
                            result.holds() ? "books hold" : result.violations());
                    load.resume();
                }
                load.pause();
            }
            String table = report.table();
            double minutes = (System.nanoTime() - began) / 60e9;
            BooksAudit.Result last = report.rows().get(report.rows().size() - 1).audit();
            String summary = String.format(Locale.ROOT, "%d faults, %d answers in %.1f min; %d top-ups never paid (their 201 was lost); "
                            + "%d transfers between ledger shards, none left half-done%n",
                    report.rows().size(), journal.totalAnswers(), minutes, last.topUpsNeverPaid(), last.betweenShards());
            System.out.println("\n" + table + summary);
            Files.writeString(run.resolve("report.md"), table + "\n" + summary);
            List<String> findings = report.findings();
            assertTrue(findings.isEmpty(), "faults broke the contract:\n" + String.join("\n", findings));
        }
    }

    /**
     * Seconds from the fault's end until every service is ready again and every kind of money request has succeeded
     * since; NaN when that takes longer than {@link #RECOVER_WITHIN}.
     */
    private static double awaitRecovery(RunningPlatform platform, Journal journal, long lifted) throws InterruptedException {
        long deadline = lifted + RECOVER_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (allReady(platform) && RECOVERED_WHEN_SERVED.stream().allMatch(kind -> journal.lastSuccess(kind) > lifted)) {
                return (System.nanoTime() - lifted) / 1e9;
            }
            Thread.sleep(200);
        }
        return Double.NaN;
    }

    private static boolean allReady(RunningPlatform platform) {
        for (ServiceProcess service : platform.platform().services().values()) {
            try {
                service.awaitReady(Duration.ofMillis(500));
            } catch (RuntimeException notYet) {
                return false;
            }
        }
        return true;
    }
}
