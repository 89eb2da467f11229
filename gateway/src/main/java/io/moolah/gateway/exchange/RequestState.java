package io.moolah.gateway.exchange;

import io.moolah.gateway.exchange.RouteTable.Route;
import io.moolah.platform.security.Caller;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/** What the gateway's handlers learn about a request and pass along in its routing context. */
public final class RequestState {
    private static final String ROUTE = "moolah.route";
    private static final String CALLER = "moolah.caller";
    private static final String BODY = "moolah.body";

    private RequestState() {
    }

    public static Route route(RoutingContext context) {
        return context.get(ROUTE);
    }

    public static void route(RoutingContext context, Route route) {
        context.put(ROUTE, route);
    }

    /** The request body as sent; empty when there is none. */
    public static Buffer body(RoutingContext context) {
        Buffer body = context.get(BODY);
        return body == null ? Buffer.buffer() : body;
    }

    public static void body(RoutingContext context, Buffer body) {
        context.put(BODY, body);
    }

    /** The signed-in caller; null on public routes. */
    public static Caller caller(RoutingContext context) {
        return context.get(CALLER);
    }

    public static void caller(RoutingContext context, Caller caller) {
        context.put(CALLER, caller);
    }
}
