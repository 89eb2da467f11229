package io.moolah.gateway.telemetry;

import io.moolah.gateway.exchange.Exchange;
import io.moolah.gateway.exchange.RouteTable.Route;
import io.moolah.gateway.metrics.GatewayMetrics;
import io.moolah.gateway.metrics.TrafficWindow;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;

/**
 * Times and traces every public request, whatever answers it (a service, the pipeline, the router's own 404), and
 * when it ends records it once: the per-route timer ({@code moolah.gateway.requests}), the console's {@link TrafficWindow}, a line in the {@link AccessLog}
 * and the request's span ({@link RequestSpans}). Runs right after the request id is given (server/PublicRouter).
 */
@Singleton
public class RequestTelemetry {
    private static final String UNMATCHED = "unmatched";

    @Inject
    GatewayMetrics metrics;

    @Inject
    AccessLog accessLog;

    @Inject
    TrafficWindow traffic;

    private final RequestSpans spans;

    @Inject
    RequestTelemetry(Tracer tracer) {
        this.spans = new RequestSpans(tracer);
    }

    /** The public router's second handler, after the request id is given. */
    public void begin(Exchange exchange) {
        Span span = spans.start(exchange);
        exchange.addEndHandler(() -> done(exchange, span));
        exchange.next();
    }

    private void done(Exchange exchange, Span span) {
        long nanos = System.nanoTime() - exchange.startedNanos();
        Route route = exchange.route();
        RequestSpans.end(span, exchange, route == null ? null : route.name());
        int status = exchange.status();
        String method = exchange.method().name();
        metrics.requestDone(route == null ? UNMATCHED : route.name(), method, status, nanos);
        traffic.record(route == null ? null : route.upstream(), status, nanos);
        if (accessLog.enabled()) {
            accessLog.record(exchange.requestId(), exchange.remoteAddress(), method, exchange.uri(), version(exchange.version()),
                    status, exchange.bytesWritten(), nanos, exchange.header(HttpHeaderNames.USER_AGENT), exchange.traceParent());
        }
    }

    private static String version(Exchange.Version version) {
        return switch (version) {
            case HTTP_1_0 -> "HTTP/1.0";
            case HTTP_1_1 -> "HTTP/1.1";
            case HTTP_2 -> "HTTP/2";
        };
    }
}
