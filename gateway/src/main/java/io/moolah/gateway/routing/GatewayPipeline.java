package io.moolah.gateway.routing;

import io.moolah.gateway.exchange.Exchange;
import io.moolah.gateway.exchange.GatewayProblems;
import io.moolah.gateway.exchange.RouteTable;
import io.moolah.gateway.metrics.LiveTraffic;
import io.moolah.gateway.ratelimit.RateLimiter;
import io.moolah.gateway.exchange.RouteTable.Route;
import io.moolah.gateway.security.GatewayAuthentication;
import io.vertx.core.http.impl.HttpUtils;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;

import java.util.Optional;

/**
 * What every {@code /api/v1/...} request passes through, in order: find its route on the path as sent (400 if that path
 * is not in its one canonical spelling, 404 if no route), authenticate, rate-limit, answer the gateway's own routes (the console's live figures), read the body within the size limit
 * (413) and the gateway-wide budget of buffered bodies (503), check its type and well-formedness, forward. Each step
 * answers the client itself when the request stops there (telemetry/RequestTelemetry times and logs every request).
 */
@Singleton
public class GatewayPipeline {
    @Inject
    RequestBodies bodies;

    @Inject
    RequestHygiene hygiene;

    @Inject
    GatewayAuthentication authentication;

    @Inject
    RateLimiter rateLimiter;

    @Inject
    Forwarder forwarder;

    @Inject
    ConnectionLimits connectionLimits;

    @Inject
    LiveTraffic liveTraffic;

    private static final String PREFIX = "/api/v1/";

    /**
     * Whether a request is the API's: its path, normalised (dot segments removed, as a router matches), is under
     * {@code /api/v1/}. {@link #resolve} then looks at the path as sent.
     */
    public static boolean isApi(String path) {
        if (path.startsWith(PREFIX) && path.indexOf('.') < 0 && path.indexOf('%') < 0) {
            return true;
        }
        String normalised;
        try {
            normalised = HttpUtils.normalizePath(path);
        } catch (RuntimeException e) {
            return false;
        }
        return normalised != null && (normalised.startsWith(PREFIX) || normalised.equals("/api/v1"));
    }

    /**
     * The API's steps, in order, after the public port's own (server/PublicRouter). Who is calling and whether they
     * may is settled before a byte of the body is read: no body is held for a caller without a valid token or over
     * their limit.
     */
    public Exchange.Step[] steps() {
        return new Exchange.Step[] {this::resolve, authentication::authenticate, rateLimiter::admit, this::answerOwn, bodies::read,
                hygiene::check, forwarder::forward};
    }

    /** A route with no service behind it is answered here, once the caller may call it and is within their limit. */
    private void answerOwn(Exchange exchange) {
        if (RouteTable.GATEWAY.equals(exchange.route().upstream())) {
            liveTraffic.answer(exchange);
            return;
        }
        exchange.next();
    }

    private void resolve(Exchange exchange) {
        if (!connectionLimits.admit(exchange.connection())) {
            exchange.closeAfterAnswer();
            exchange.responseHeaders().set("Retry-After", "1");
            GatewayProblems.send(exchange, 429, "TOO_MANY_CONNECTIONS", "Too many connections",
                    "This address holds as many connections as the gateway allows; reuse one.");
            return;
        }
        String path = exchange.path();
        Route remembered = exchange.connection().rememberedRoute(exchange.method(), path);
        if (remembered != null) {
            exchange.route(remembered);
            exchange.next();
            return;
        }
        String method = exchange.method().name();
        boolean canonical = RequestPaths.isCanonical(path);
        Optional<Route> route = canonical ? RouteTable.routeFor(method, path) : Optional.empty();
        if (!canonical) {
            GatewayProblems.send(exchange, 400, "MALFORMED_PATH", "Malformed path",
                    "Send the path in its plain form: no empty or dot segments, no ';', no needless percent-escapes.");
            return;
        }
        if (route.isEmpty()) {
            GatewayProblems.send(exchange, 404, "NOT_FOUND", "Not found", "No such resource.");
            return;
        }
        exchange.connection().rememberRoute(exchange.method(), path, route.get());
        exchange.route(route.get());
        exchange.next();
    }
}
