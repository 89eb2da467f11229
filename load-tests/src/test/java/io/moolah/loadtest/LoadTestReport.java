package io.moolah.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The one-page summary of a run, beside Gatling's own HTML report: figures per 10 s window ({@code timeline.csv}),
 * charts of latency percentiles, throughput, errors by status and each process's CPU and memory (SVG), and
 * {@code summary.md} with the verdict: for normal and peak the mission's promises (p95 under 200 ms, errors under 1%),
 * for stress the breaking point (the first window where p95 passes 200 ms or errors pass 1%, and the customers
 * arrived by then). {@code verdict} holds PASS, FAIL or the breaking point for the script to read.
 */
public final class LoadTestReport {
    static final long P95_PROMISE_MILLIS = 200;
    static final double ERROR_PROMISE = 0.01;

    private LoadTestReport() {
    }

    /** The whole run's figures, from every window's. */
    record Totals(long requests, double perSecond, double errorShare, long worstWindowP95) {
    }

    public static void write(Path directory, Scenario scenario, List<Timeline.Figures> windows, List<Timeline.Call> calls,
                             Map<String, List<ProcessSample>> processes, long overallP50, long overallP95, long overallP99) {
        try {
            Files.createDirectories(directory);
            long requests = windows.stream().mapToLong(Timeline.Figures::count).sum();
            double errors = windows.stream().mapToDouble(w -> w.errorShare() * w.count()).sum();
            double seconds = Math.max(1, windows.isEmpty() ? 1 : windows.get(windows.size() - 1).second() + windows.get(windows.size() - 1).seconds());
            double errorShare = requests == 0 ? 0 : errors / requests;
            Map<Integer, Integer> byStatus = new TreeMap<>();
            windows.forEach(w -> w.errorsByStatus().forEach((status, count) -> byStatus.merge(status, count, Integer::sum)));
            Optional<Timeline.Figures> breaking = windows.stream()
                    .filter(w -> w.count() > 0 && (w.p95() > P95_PROMISE_MILLIS || w.errorShare() > ERROR_PROMISE)).findFirst();
            String verdict;
            if (scenario.asserted()) {
                verdict = overallP95 < P95_PROMISE_MILLIS && errorShare < ERROR_PROMISE ? "PASS" : "FAIL";
            } else {
                verdict = breaking.map(w -> String.format(Locale.ROOT, "breaking point at %d s, %d customers arrived: p95 %d ms, errors %.2f%%",
                        w.second(), arrived(scenario, w.second()), w.p95(), 100 * w.errorShare()))
                        .orElse("no breaking point: p95 stayed under 200 ms and errors under 1% in every window");
            }
            StringBuilder table = new StringBuilder();
            table.append("| scenario | customers | requests | per second | p50 | p95 | p99 | errors | verdict |\n|---|---|---|---|---|---|---|---|---|\n")
                    .append(String.format(Locale.ROOT, "| %s | %d over %s, then %s | %,d | %.1f | %d ms | %d ms | %d ms | %.2f%% | %s |%n",
                            scenario.name(), scenario.users(), human(scenario.rampUp()), human(scenario.hold()), requests,
                            requests / seconds, overallP50, overallP95, overallP99, 100 * errorShare, verdict));
            StringBuilder summary = new StringBuilder("# Load test: ").append(scenario.name()).append("\n\n").append(table)
                    .append("\nErrors by status: ").append(byStatus.isEmpty() ? "none" : byStatus.toString())
                    .append(" (0: no answer). The mission: p95 under ").append(P95_PROMISE_MILLIS).append(" ms, errors under 1%.\n\n");
            summary.append("| call | answers | p50 | p95 | p99 | max | errors |\n|---|---|---|---|---|---|---|\n");
            calls.forEach(call -> summary.append(String.format(Locale.ROOT, "| %s | %,d | %d ms | %d ms | %d ms | %d ms | %d |%n",
                    call.name(), call.count(), call.p50(), call.p95(), call.p99(), call.max(), call.errors())));
            summary.append("\nCPU and memory per process (from each one's /q/metrics): ");
            processes.forEach((name, samples) -> summary.append(describe(name, samples)).append("; "));
            Map<String, String> alerts = Alerts.active(System.getProperty("moolah.prometheus"));
            summary.append("\n\nAlerts pending or firing at the end (the rules of k8s/monitoring): ")
                    .append(alerts.isEmpty() ? "none" : alerts.toString());
            summary.append("\n\n![latency](latency.svg)\n\n![throughput](throughput.svg)\n\n![errors](errors.svg)\n\n![cpu](cpu.svg)\n\n")
                    .append("Gatling's own report: `gatling/` (index.html). Figures per 10 s window: `timeline.csv`.\n");
            Files.writeString(directory.resolve("summary.md"), summary);
            Files.writeString(directory.resolve("verdict"), verdict + "\n");
            Files.writeString(directory.resolve("timeline.csv"), csv(windows));
            Files.writeString(directory.resolve("latency.svg"), Charts.lines("Latency (ms) per 10 s", windows.stream().map(Timeline.Figures::second).toList(),
                    Map.of("p50", series(windows, Timeline.Figures::p50), "p95", series(windows, Timeline.Figures::p95),
                            "p99", series(windows, Timeline.Figures::p99)), P95_PROMISE_MILLIS));
            Files.writeString(directory.resolve("throughput.svg"), Charts.lines("Requests per second", windows.stream().map(Timeline.Figures::second).toList(),
                    Map.of("answered", series(windows, w -> w.perSecond())), -1));
            Map<String, List<Double>> errorSeries = new TreeMap<>();
            for (Integer status : new TreeSet<>(byStatus.keySet())) {
                errorSeries.put(String.valueOf(status), series(windows, w -> (double) w.errorsByStatus().getOrDefault(status, 0) / w.seconds()));
            }
            Files.writeString(directory.resolve("errors.svg"), Charts.lines("Errors per second by status",
                    windows.stream().map(Timeline.Figures::second).toList(), errorSeries, -1));
            Map<String, List<Double>> cpu = new TreeMap<>();
            List<Integer> cpuSeconds = new ArrayList<>();
            processes.forEach((name, samples) -> {
                List<Double> values = new ArrayList<>();
                for (int i = 1; i < samples.size(); i++) {
                    values.add(samples.get(i).cpuShareSince(samples.get(i - 1)));
                }
                cpu.put(name, values);
            });
            processes.values().stream().findFirst().ifPresent(samples -> {
                for (int i = 1; i < samples.size(); i++) {
                    cpuSeconds.add((int) ((samples.get(i).atMillis() - samples.get(0).atMillis()) / 1000));
                }
            });
            Files.writeString(directory.resolve("cpu.svg"), Charts.lines("CPU (cores) per process", cpuSeconds, cpu, -1));
            System.out.println("\n" + table + "\nErrors by status: " + byStatus + "\nAlerts at the end: " + alerts
                    + "\nReport: " + directory.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int arrived(Scenario scenario, int second) {
        double share = Math.min(1.0, second * 1000.0 / Math.max(1, scenario.rampUp().toMillis()));
        return (int) Math.round(scenario.users() * share);
    }

    private static String describe(String name, List<ProcessSample> samples) {
        if (samples.size() < 2) {
            return name + " (no samples)";
        }
        ProcessSample first = samples.get(0);
        ProcessSample last = samples.get(samples.size() - 1);
        long peakMemory = samples.stream().mapToLong(ProcessSample::memoryBytes).max().orElse(0);
        return String.format(Locale.ROOT, "%s %.2f cores on average, %d MB JVM memory at most", name, last.cpuShareSince(first),
                peakMemory / (1024 * 1024));
    }

    private static List<Double> series(List<Timeline.Figures> windows, java.util.function.ToDoubleFunction<Timeline.Figures> value) {
        return windows.stream().map(w -> value.applyAsDouble(w)).toList();
    }

    private static String csv(List<Timeline.Figures> windows) {
        StringBuilder csv = new StringBuilder("second,requests,per_second,p50_ms,p95_ms,p99_ms,error_share,errors_by_status\n");
        for (Timeline.Figures w : windows) {
            csv.append(String.format(Locale.ROOT, "%d,%d,%.1f,%d,%d,%d,%.4f,\"%s\"%n", w.second(), w.count(), w.perSecond(), w.p50(),
                    w.p95(), w.p99(), w.errorShare(), w.errorsByStatus()));
        }
        return csv.toString();
    }

    private static String human(java.time.Duration duration) {
        long seconds = duration.toSeconds();
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }
}
