package io.moolah.gateway.metrics;

import io.moolah.gateway.exchange.Exchange;
import io.moolah.gateway.exchange.GatewayProblems;
import io.moolah.gateway.exchange.HeaderNames;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.json.Json;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/admin/metrics?seconds=}: the operator console's live panel, answered by the gateway itself from
 * its {@link TrafficWindow} (an operator's token and the rate limit are checked first, as for any admin call). The
 * figures are this gateway replica's: every request passes one, so with several replicas each sees its share.
 */
@Singleton
public class LiveTraffic {
    private static final int DEFAULT_SECONDS = 60;

    @Inject
    TrafficWindow window;

    /** The body: when it was taken, over how many seconds, and each service's traffic. */
    public record Report(Instant at, int seconds, List<TrafficWindow.ServiceTraffic> services) {
    }

    public void answer(Exchange exchange) {
        Integer seconds = seconds(exchange.query());
        if (seconds == null) {
            GatewayProblems.send(exchange, 400, "VALIDATION_FAILED", "Validation failed",
                    "seconds: must be a whole number from 1 to " + TrafficWindow.MAX_SECONDS + ".");
            return;
        }
        exchange.dropBody();
        Report report = new Report(Instant.now(), seconds, window.report(seconds));
        exchange.responseHeaders().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .set(HttpHeaderNames.CACHE_CONTROL, HeaderNames.NO_STORE);
        exchange.status(200).end(Json.encode(report));
    }

    /** The window asked for, {@value #DEFAULT_SECONDS} when not given, or null when it is not 1 to 60. */
    static Integer seconds(String query) {
        if (query == null || query.isEmpty()) {
            return DEFAULT_SECONDS;
        }
        List<String> given = new QueryStringDecoder(query, false).parameters().get("seconds");
        if (given == null) {
            return DEFAULT_SECONDS;
        }
        if (given.size() != 1 || !given.get(0).matches("[0-9]{1,2}")) {
            return null;
        }
        int seconds = Integer.parseInt(given.get(0));
        return seconds >= 1 && seconds <= TrafficWindow.MAX_SECONDS ? seconds : null;
    }
}
