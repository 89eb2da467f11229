package io.moolah.gateway.server;

import io.moolah.gateway.exchange.HeaderNames;
import io.netty.handler.codec.http.HttpHeaderNames;
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
        if (!headers.contains(HttpHeaderNames.CACHE_CONTROL)) {
            headers.set(HttpHeaderNames.CACHE_CONTROL, HeaderNames.NO_STORE);
        }
        if (!exposeServedBy) {
            headers.remove(HeaderNames.SERVED_BY);
        }
    }
}
