package io.moolah.gateway.routing;

import io.moolah.gateway.config.GatewaySettings;
import io.moolah.gateway.metrics.GatewayMetrics;
import io.moolah.gateway.ratelimit.RateLimiter;
import io.moolah.gateway.routing.RouteTable.Route;
import io.moolah.gateway.security.GatewayAuthentication;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.Optional;

/**
 * What every {@code /api/v1/...} request passes through, in order: find its route (404 if none), read the body within
 * the size limit (413), check its type and well-formedness, authenticate, rate-limit, forward. Each step answers the
 * client itself when the request stops there; every request is timed per route.
 */
@ApplicationScoped
public class GatewayPipeline {

    @Inject
    GatewaySettings settings;

    @Inject
    RequestHygiene hygiene;

    @Inject
    GatewayAuthentication authentication;

    @Inject
    RateLimiter rateLimiter;

    @Inject
    Forwarder forwarder;

    @Inject
    GatewayMetrics metrics;

    void install(@Observes Router router) {
        // Two routes: Vert.x wants the body handler first on a route, and the route is found (and timed) before that.
        router.route().pathRegex("/api/v1/.*").order(99).handler(this::resolve);
        router.route().pathRegex("/api/v1/.*").order(100)
                .handler(BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes()))
                .handler(hygiene::check)
                .handler(authentication::authenticate)
                .handler(rateLimiter::admit)
                .handler(forwarder::forward)
                .failureHandler(this::failed);
    }

    private void resolve(RoutingContext context) {
        long started = System.nanoTime();
        String method = context.request().method().name();
        Optional<Route> route = RouteTable.routeFor(method, context.request().path());
        String name = route.map(Route::name).orElse("unmatched");
        context.addEndHandler(done -> metrics.requestDone(name, method, context.response().getStatusCode(), System.nanoTime() - started));
        if (route.isEmpty()) {
            GatewayProblems.send(context, 404, "NOT_FOUND", "Not found", "No such resource.");
            return;
        }
        RequestState.route(context, route.get());
        context.next();
    }

    /** Failures raised by Vert.x handlers (the body handler's 413, mostly) as problems. */
    private void failed(RoutingContext context) {
        int status = context.statusCode();
        if (status == 413) {
            GatewayProblems.send(context, 413, "PAYLOAD_TOO_LARGE", "Payload too large",
                    "A request body may be at most " + settings.maxBodyBytes() + " bytes.");
        } else if (status >= 400 && status < 500) {
            GatewayProblems.send(context, status, "BAD_REQUEST", "Bad request", "The request was not understood.");
        } else {
            GatewayProblems.send(context, 500, "INTERNAL_ERROR", "Internal error", "Something went wrong on our side.");
        }
    }
}
