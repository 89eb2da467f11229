package io.moolah.gateway.telemetry;

import io.moolah.gateway.exchange.RequestState;
import io.moolah.gateway.exchange.RouteTable.Route;
import io.moolah.gateway.metrics.GatewayMetrics;
import io.moolah.platform.web.RequestIds;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;

/**
 * Times every public request, whatever answers it (a service, the pipeline, the router's own 404), and when it ends
 * records it once: the per-route timer ({@code moolah.gateway.requests}) and a line in the {@link AccessLog}. Runs
 * right after the request id is given (server/PublicRouter).
 */
@Singleton
public class RequestTelemetry {
    private static final String UNMATCHED = "unmatched";

    @Inject
    GatewayMetrics metrics;

    @Inject
    AccessLog accessLog;

    /** The public router's second handler, after the request id is given. */
    public void begin(RoutingContext context) {
        long started = System.nanoTime();
        context.addEndHandler(ended -> done(context, started));
        context.next();
    }

    private void done(RoutingContext context, long started) {
        long nanos = System.nanoTime() - started;
        HttpServerRequest request = context.request();
        Route route = RequestState.route(context);
        int status = context.response().getStatusCode();
        String method = request.method().name();
        metrics.requestDone(route == null ? UNMATCHED : route.name(), method, status, nanos);
        if (accessLog.enabled()) {
            accessLog.record(context.get(RequestIds.MDC_KEY), request.remoteAddress() == null ? "-" : request.remoteAddress().hostAddress(),
                    method, request.uri(), version(request.version()), status, context.response().bytesWritten(), nanos,
                    request.getHeader("User-Agent"));
        }
    }

    private static String version(HttpVersion version) {
        return switch (version) {
            case HTTP_1_0 -> "HTTP/1.0";
            case HTTP_1_1 -> "HTTP/1.1";
            case HTTP_2 -> "HTTP/2";
        };
    }
}
