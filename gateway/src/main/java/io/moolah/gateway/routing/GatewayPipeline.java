package io.moolah.gateway.routing;

import io.moolah.gateway.exchange.GatewayProblems;
import io.moolah.gateway.exchange.RequestState;
import io.moolah.gateway.exchange.RouteTable;
import io.moolah.gateway.ratelimit.RateLimiter;
import io.moolah.gateway.exchange.RouteTable.Route;
import io.moolah.gateway.security.GatewayAuthentication;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * What every {@code /api/v1/...} request passes through, in order: find its route on the path as sent (400 if that path
 * is not in its one canonical spelling, 404 if no route), authenticate, rate-limit, read the body within the size limit
 * (413) and the gateway-wide budget of buffered bodies (503), check its type and well-formedness, forward. Each step
 * answers the client itself when the request stops there (telemetry/RequestTelemetry times and logs every request).
 */
@ApplicationScoped
public class GatewayPipeline {
    private static final Logger LOG = Logger.getLogger(GatewayPipeline.class);
    /**
     * Before Quarkus's own upload limit ({@code quarkus.http.limits.max-body-size}, which answers a bare 413), so every
     * API request is answered here, refusals as problems; after CORS (order -300), which answers preflights.
     */
    private static final int ORDER = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 10;

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
    io.moolah.gateway.config.GatewaySettings settings;

    void install(@Observes Router router) {
        // One route, a prefix (no regular expression per request): Vert.x matches it on the normalised path; resolve()
        // then looks at the path as sent.
        router.route("/api/v1/*").order(ORDER)
                .handler(this::resolve)
                // Who is calling and whether they may, before a byte of the body is read (the request stays paused
                // until RequestBodies): no body is held for a caller without a valid token or over their limit.
                .handler(authentication::authenticate)
                .handler(rateLimiter::admit)
                .handler(bodies::read)
                .handler(hygiene::check)
                .handler(forwarder::forward);
        // On every path: requests the router fails as they enter it (no Host header, a target that is not a path, as
        // in OPTIONS * or GET ?x) would otherwise get Quarkus's bare status or its own JSON error.
        router.route().order(ORDER).failureHandler(this::failed);
    }

    private void resolve(RoutingContext context) {
        context.addHeadersEndHandler(ignored -> ResponseHeaders.publicFacing(context.response().headers(), settings.exposeServedBy()));
        if (!connectionLimits.admit(context.request())) {
            RequestBodies.closeAfterAnswer(context);
            context.response().putHeader("Retry-After", "1");
            GatewayProblems.send(context, 429, "TOO_MANY_CONNECTIONS", "Too many connections",
                    "This address holds as many connections as the gateway allows; reuse one.");
            return;
        }
        String method = context.request().method().name();
        String path = context.request().path();
        boolean canonical = RequestPaths.isCanonical(path);
        Optional<Route> route = canonical ? RouteTable.routeFor(method, path) : Optional.empty();
        if (!canonical) {
            GatewayProblems.send(context, 400, "MALFORMED_PATH", "Malformed path",
                    "Send the path in its plain form: no empty or dot segments, no ';', no needless percent-escapes.");
            return;
        }
        if (route.isEmpty()) {
            GatewayProblems.send(context, 404, "NOT_FOUND", "Not found", "No such resource.");
            return;
        }
        RequestState.route(context, route.get());
        context.next();
    }

    /** Failures raised by Vert.x (a broken body, a request the router refuses) or by a handler's bug, as problems. */
    private void failed(RoutingContext context) {
        int status = context.statusCode();
        if (status == 404) {
            GatewayProblems.send(context, 404, "NOT_FOUND", "Not found", "No such resource.");
        } else if (status >= 400 && status < 500) {
            GatewayProblems.send(context, status, "BAD_REQUEST", "Bad request", "The request was not understood.");
        } else {
            LOG.errorf(context.failure(), "%s %s failed", context.request().method(), context.request().path());
            GatewayProblems.send(context, 500, "INTERNAL_ERROR", "Internal error", "Something went wrong on our side.");
        }
    }
}
