package io.moolah.gateway.server;

import io.moolah.gateway.config.GatewaySettings;
import io.moolah.gateway.exchange.Exchange;
import io.moolah.gateway.exchange.GatewayProblems;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;

import java.util.Set;

/**
 * CORS for browsers: a request without {@code Origin} passes untouched; one from a configured origin, or from the
 * gateway's own (the pages it serves), gets {@code Access-Control-Allow-Origin} and the exposed headers, and a preflight
 * from such an origin is answered here, 200 with the allowed methods and headers; any other origin gets 403
 * {@code ORIGIN_NOT_ALLOWED} and reaches nothing. No credentials mode: the API takes bearer tokens, never cookies.
 */
final class CrossOrigin {
    private final Set<String> origins;
    private final String methods;
    private final String headers;
    private final String exposedHeaders;
    private final String maxAgeSeconds;

    CrossOrigin(GatewaySettings.Cors settings) {
        this.origins = Set.copyOf(settings.origins());
        this.methods = String.join(",", settings.methods());
        this.headers = String.join(",", settings.headers());
        this.exposedHeaders = String.join(",", settings.exposedHeaders());
        this.maxAgeSeconds = String.valueOf(settings.maxAge().toSeconds());
    }

    void handle(Exchange exchange) {
        String origin = exchange.header(HttpHeaderNames.ORIGIN);
        if (origin == null) {
            exchange.next();
            return;
        }
        if (!origins.contains(origin) && !isOwn(origin, exchange.header(HttpHeaderNames.HOST))) {
            GatewayProblems.send(exchange, 403, "ORIGIN_NOT_ALLOWED", "Origin not allowed",
                    "Pages from this origin may not call the API.");
            return;
        }
        HttpHeaders answer = exchange.responseHeaders();
        answer.set("Access-Control-Allow-Origin", origin).add("Vary", "Origin");
        if (HttpMethod.OPTIONS.equals(exchange.method()) && exchange.header(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD) != null) {
            answer.set("Access-Control-Allow-Methods", methods)
                    .set("Access-Control-Allow-Headers", headers)
                    .set("Access-Control-Max-Age", maxAgeSeconds);
            exchange.status(200).end();
            return;
        }
        answer.set("Access-Control-Expose-Headers", exposedHeaders);
        exchange.next();
    }

    /** A page the gateway served itself calls it from its own origin; browsers send Origin on its POSTs too. */
    private static boolean isOwn(String origin, String authority) {
        return authority != null && origin.length() == "https://".length() + authority.length()
                && origin.startsWith("https://") && origin.regionMatches(true, "https://".length(), authority, 0, authority.length());
    }
}
