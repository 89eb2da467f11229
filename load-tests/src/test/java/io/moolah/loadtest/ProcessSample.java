package io.moolah.loadtest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** One reading of a service's CPU time and JVM memory from its {@code /q/metrics} (Micrometer's process and JVM meters). */
public record ProcessSample(long atMillis, double cpuSeconds, long memoryBytes) {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** CPU used between {@code earlier} and this reading, in cores. */
    public double cpuShareSince(ProcessSample earlier) {
        double seconds = (atMillis - earlier.atMillis) / 1000.0;
        return seconds <= 0 ? 0 : (cpuSeconds - earlier.cpuSeconds) / seconds;
    }

    /** Reads {@code metricsUrl} now; empty if it does not answer (a deployed target's metrics may not be reachable). */
    public static Optional<ProcessSample> read(String metricsUrl) {
        try {
            String text = CLIENT.send(HttpRequest.newBuilder(URI.create(metricsUrl)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double cpuNanos = 0;
            long memory = 0;
            for (String line : text.split("\n")) {
                if (line.startsWith("process_cpu_time_ns_total")) {
                    cpuNanos = value(line);
                } else if (line.startsWith("jvm_memory_used_bytes{")) {
                    memory += (long) value(line);
                }
            }
            return Optional.of(new ProcessSample(System.currentTimeMillis(), cpuNanos / 1e9, memory));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The sample's value: the number after the name and labels (a traced service may add an exemplar after it). */
    private static double value(String line) {
        int labelsEnd = line.indexOf('}');
        String rest = line.substring(labelsEnd >= 0 ? labelsEnd + 1 : line.indexOf(' ')).trim();
        int end = rest.indexOf(' ');
        return Double.parseDouble(end < 0 ? rest : rest.substring(0, end));
    }
}
