package io.moolah.gateway.server;

import io.moolah.platform.web.RequestIds;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * What every public answer carries, whoever wrote it (a service or the gateway): {@code Cache-Control: no-store} unless
 * the writer chose a policy (tokens, profiles and balances must never sit in a shared or browser cache; the public
 * keys say {@code public, max-age=300} themselves), and no {@code X-Moolah-Service} naming the service behind it
 * unless {@code moolah.gateway.expose-served-by} is on.
 */
final class ResponseHeaders {
    private ResponseHeaders() {
    }

    static void publicFacing(HttpHeaders headers, boolean exposeServedBy) {
        if (!headers.contains("Cache-Control")) {
            headers.set("Cache-Control", "no-store");
        }
        if (!exposeServedBy) {
            headers.remove(RequestIds.SERVED_BY);
        }
    }
}
