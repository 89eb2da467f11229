package io.moolah.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * CPU time spent by each part of the platform over a stretch of load, read from {@code /proc} (Linux): the services
 * by their jar, PostgreSQL's server processes, Kafka, Redis and this JVM (the load client). Divided by the requests
 * made meanwhile it says where one request's CPU goes, the figure that explains a throughput on shared cores.
 * Elsewhere than Linux the snapshots are empty and the line says so.
 */
final class ProcessCpu {
    private static final Path PROC = Path.of("/proc");
    /** USER_HZ: 100 on every Linux this runs on (x86-64 and arm64 kernels fix it at 100). */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final Pattern SERVICE = Pattern.compile("([\\w-]+)/target/quarkus-app/quarkus-run\\.jar");
    private static final String[] ORDER = {"transaction-service", "postgres", "gateway", "cache-service", "kafka",
            "redis", "account-service", "payment-gateway-service", "nginx", "load client", "wrk/h2load"};

    private ProcessCpu() {
    }

    /** CPU ticks so far, per part of the platform. */
    record Snapshot(Map<String, Long> ticksByPart) {
    }

    static Snapshot take() {
        Map<String, Long> ticks = new HashMap<>();
        if (!Files.isDirectory(PROC)) {
            return new Snapshot(ticks);
        }
        long self = ProcessHandle.current().pid();
        try (Stream<Path> entries = Files.list(PROC)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                boolean own = Long.parseLong(name) == self;
                String part = own ? "load client" : part(entry);
                if (part != null) {
                    ticks.merge(part, cpuTicks(entry), Long::sum);
                }
                if (own) {
                    // Load generators this JVM ran and reaped (wrk, h2load): their CPU is gone from /proc with them.
                    ticks.merge("wrk/h2load", childTicks(entry), Long::sum);
                }
            }
        } catch (IOException e) {
            return new Snapshot(Map.of());
        }
        return new Snapshot(ticks);
    }

    /** Adds what each part spent between two snapshots to {@code ticks}. */
    static void add(Map<String, Long> ticks, Snapshot before, Snapshot after) {
        after.ticksByPart().forEach((part, total) -> {
            long spent = total - before.ticksByPart().getOrDefault(part, 0L);
            if (spent > 0) {
                ticks.merge(part, spent, Long::sum);
            }
        });
    }

    /**
     * "CPU per request (ms): transaction-service 0.61, postgres 1.20, ...; all 2.45" for the ticks added up over one or
     * more stretches; empty ticks (no /proc here) say so.
     */
    static String perRequest(Map<String, Long> ticks, long requests) {
        if (ticks.isEmpty() || requests == 0) {
            return "   CPU per request: not measured (no /proc here)";
        }
        return describe("CPU per request (ms)", millis(ticks), requests);
    }

    /** Milliseconds of CPU per part, in the order the lines show them. */
    static Map<String, Double> millis(Map<String, Long> ticks) {
        Map<String, Double> millis = new LinkedHashMap<>();
        for (String part : ORDER) {
            Long spent = ticks.get(part);
            if (spent != null) {
                millis.put(part, spent / TICKS_PER_SECOND * 1000.0);
            }
        }
        return millis;
    }

    /** "   label: transaction-service 0.61, postgres 1.20, ...; all 2.45", each part's milliseconds divided by {@code per}. */
    static String describe(String label, Map<String, Double> millis, double per) {
        List<String> shown = new ArrayList<>();
        double total = 0;
        for (Map.Entry<String, Double> part : millis.entrySet()) {
            double ms = part.getValue() / per;
            total += ms;
            if (Math.abs(ms) >= 0.005) {
                shown.add(String.format("%s %.2f", part.getKey(), ms));
            }
        }
        return String.format("   %s: %s; all %.2f", label, String.join(", ", shown), total);
    }

    private static String part(Path process) {
        String command;
        try {
            command = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return null;
        }
        Matcher service = SERVICE.matcher(command);
        if (service.find()) {
            return service.group(1);
        }
        if (command.startsWith("postgres") || command.contains("/bin/postgres")) {
            return "postgres";
        }
        if (command.contains("kafka.Kafka") || command.contains("KafkaRaftServer") || command.contains("kafka-server")) {
            return "kafka";
        }
        if (command.contains("redis-server")) {
            return "redis";
        }
        if (command.startsWith("nginx: ")) {
            return "nginx";
        }
        if (command.startsWith("wrk ") || command.contains("/wrk ") || command.startsWith("h2load ") || command.contains("/h2load ")) {
            return "wrk/h2load";
        }
        return null;
    }

    /** CPU of the process itself: utime and stime, fields 14 and 15 of its stat. */
    private static long cpuTicks(Path process) {
        return statTicks(process, 14);
    }

    /** CPU of the process's children that it has waited for: cutime and cstime, fields 16 and 17. */
    private static long childTicks(Path process) {
        return statTicks(process, 16);
    }

    /** The sum of the stat fields {@code field} and {@code field + 1} (numbered from 1, as proc(5) does); 0 if gone. */
    private static long statTicks(Path process, int field) {
        try {
            String stat = Files.readString(process.resolve("stat"));
            // The fields after the command, which may hold spaces, in parentheses: the first of them is field 3.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[field - 3]) + Long.parseLong(fields[field - 2]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
