package io.moolah.account.rest;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * The client's address for sign-in delays: what the gateway says in {@code X-Forwarded-For} (it sets the header from
 * the connection, or from the PROXY protocol behind a trusted load balancer; only the gateway reaches this service in
 * a cluster, by NetworkPolicy), else the connection's own address. Bounded, so a header cannot bloat a key.
 */
final class ClientAddresses {
    private ClientAddresses() {
    }

    static String of(HttpHeaders headers, HttpServerRequest request) {
        String forwarded = headers.getHeaderString("X-Forwarded-For");
        String address = forwarded != null && !forwarded.isBlank() ? forwarded.split(",", 2)[0].trim()
                : request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        return address.length() > 64 ? address.substring(0, 64) : address;
    }
}
