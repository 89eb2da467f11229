package io.moolah.gateway.routing;

import io.moolah.gateway.routing.RouteTable.Route;
import io.moolah.platform.security.Caller;
import io.vertx.ext.web.RoutingContext;

/** What the gateway's handlers learn about a request and pass along in its routing context. */
public final class RequestState {
    private static final String ROUTE = "moolah.route";
    private static final String CALLER = "moolah.caller";

    private RequestState() {
    }

    public static Route route(RoutingContext context) {
        return context.get(ROUTE);
    }

    static void route(RoutingContext context, Route route) {
        context.put(ROUTE, route);
    }

    /** The signed-in caller; null on public routes. */
    public static Caller caller(RoutingContext context) {
        return context.get(CALLER);
    }

    public static void caller(RoutingContext context, Caller caller) {
        context.put(CALLER, caller);
    }
}
