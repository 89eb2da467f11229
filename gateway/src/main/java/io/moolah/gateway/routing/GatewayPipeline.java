package io.moolah.gateway.routing;

import io.moolah.gateway.exchange.GatewayProblems;
import io.moolah.gateway.exchange.RequestState;
import io.moolah.gateway.exchange.RouteTable;
import io.moolah.gateway.ratelimit.RateLimiter;
import io.moolah.gateway.exchange.RouteTable.Route;
import io.moolah.gateway.security.GatewayAuthentication;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;

import java.util.Optional;

/**
 * What every {@code /api/v1/...} request passes through, in order: find its route on the path as sent (400 if that path
 * is not in its one canonical spelling, 404 if no route), authenticate, rate-limit, read the body within the size limit
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

    /** The API's route on the public router (server/PublicRouter), after CORS. */
    public void install(Router router) {
        // One route, a prefix (no regular expression per request): Vert.x matches it on the normalised path; resolve()
        // then looks at the path as sent.
        router.route("/api/v1/*")
                .handler(this::resolve)
                // Who is calling and whether they may, before a byte of the body is read (the request stays paused
                // until RequestBodies): no body is held for a caller without a valid token or over their limit.
                .handler(authentication::authenticate)
                .handler(rateLimiter::admit)
                .handler(bodies::read)
                .handler(hygiene::check)
                .handler(forwarder::forward);
    }

    private void resolve(RoutingContext context) {
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
}
