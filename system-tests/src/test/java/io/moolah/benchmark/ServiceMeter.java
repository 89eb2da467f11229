package io.moolah.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A timer or distribution summary on a service's {@code /q/metrics}, read before and after a stretch of load: how
 * many it recorded in between and their mean. Label sets whose labels contain {@code labelFilter} are added up.
 */
final class ServiceMeter {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final URI metrics;
    private final Pattern sum;
    private final Pattern count;

    record Reading(double sum, double count) {
    }

    ServiceMeter(int port, String name, String labelFilter) {
        metrics = URI.create("http://127.0.0.1:" + port + "/q/metrics");
        String labels = "(?:\\{[^}]*" + Pattern.quote(labelFilter) + "[^}]*})";
        sum = Pattern.compile("(?m)^" + name + "_sum" + labels + (labelFilter.isEmpty() ? "?" : "") + " ([0-9.E+-]+)");
        count = Pattern.compile("(?m)^" + name + "_count" + labels + (labelFilter.isEmpty() ? "?" : "") + " ([0-9.E+-]+)");
    }

    Reading read() {
        try {
            String body = HTTP.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
            return new Reading(total(sum.matcher(body)), total(count.matcher(body)));
        } catch (Exception e) {
            return new Reading(0, 0);
        }
    }

    /** What was recorded since {@code before}: how many, and their mean (0 when none). */
    Reading since(Reading before) {
        Reading now = read();
        double recorded = now.count() - before.count();
        return new Reading(recorded <= 0 ? 0 : (now.sum() - before.sum()) / recorded, Math.max(0, recorded));
    }

    private static double total(Matcher matcher) {
        double total = 0;
        while (matcher.find()) {
            total += Double.parseDouble(matcher.group(1));
        }
        return total;
    }
}
