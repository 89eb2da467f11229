package io.moolah.systemtest.faults;

import io.moolah.systemtest.faults.Journal.Answer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One line per fault: what the client saw in its window, how long the platform took to recover, what the audit found. */
final class FaultReport {
    record Row(String fault, int requests, int successes, int refusals, int unavailable, int noAnswer, List<String> undocumented,
               double longestUnavailableSeconds, double recoverySeconds, BooksAudit.Result audit) {
    }

    private final List<Row> rows = new ArrayList<>();

    /** The row of a fault from the answers in its window ({@code from} to {@code to}, System.nanoTime). */
    Row add(String fault, List<Answer> answers, long from, long to, double recoverySeconds, BooksAudit.Result audit) {
        int successes = 0;
        int refusals = 0;
        int unavailable = 0;
        int noAnswer = 0;
        Map<String, Integer> undocumented = new LinkedHashMap<>();
        long lastSuccess = from;
        long longestGap = 0;
        for (Answer answer : answers) {
            if (answer.isSuccess()) {
                successes++;
                longestGap = Math.max(longestGap, answer.atNanos() - lastSuccess);
                lastSuccess = answer.atNanos();
            } else if (answer.isNoAnswer()) {
                noAnswer++;
            } else if (answer.status() == 503) {
                unavailable++;
            } else if (answer.status() < 500) {
                refusals++;
            }
            if (!answer.isDocumented()) {
                undocumented.merge(answer.kind() + " " + answer.status() + " " + answer.code()
                        + (answer.status() == 503 && !answer.retryAfter() ? " without Retry-After" : ""), 1, Integer::sum);
            }
        }
        longestGap = Math.max(longestGap, to - lastSuccess);
        List<String> odd = new ArrayList<>();
        undocumented.forEach((what, count) -> odd.add(count + " x " + what));
        Row row = new Row(fault, answers.size(), successes, refusals, unavailable, noAnswer, odd, longestGap / 1e9, recoverySeconds, audit);
        rows.add(row);
        return row;
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    /** A Markdown table, as docs/operations.md shows it. */
    String table() {
        StringBuilder out = new StringBuilder();
        out.append("| fault | requests | 2xx | 4xx | 503 + Retry-After | no answer | undocumented | longest unavailability | recovered after | invariants |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Row row : rows) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %.1f s | %s | %s |%n", row.fault(), row.requests(),
                    row.successes(), row.refusals(), row.unavailable(), row.noAnswer(), row.undocumented().stream()
                            .mapToInt(line -> Integer.parseInt(line.substring(0, line.indexOf(' ')))).sum(),
                    row.longestUnavailableSeconds(), Double.isNaN(row.recoverySeconds()) ? "not within the limit"
                            : String.format(Locale.ROOT, "%.1f s", row.recoverySeconds()),
                    row.audit().holds() ? "all " + row.audit().checks() + " hold" : row.audit().violations().size() + " broken"));
        }
        return out.toString();
    }

    /** Every finding, fault by fault: undocumented answers and broken invariants. */
    List<String> findings() {
        List<String> findings = new ArrayList<>();
        for (Row row : rows) {
            row.undocumented().forEach(line -> findings.add(row.fault() + ": answered " + line));
            row.audit().violations().forEach(line -> findings.add(row.fault() + ": " + line));
            if (Double.isNaN(row.recoverySeconds())) {
                findings.add(row.fault() + ": the platform did not recover in time");
            }
        }
        return findings;
    }
}
