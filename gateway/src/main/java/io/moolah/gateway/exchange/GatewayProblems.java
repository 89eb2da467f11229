package io.moolah.gateway.exchange;

import io.moolah.platform.web.Problem;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.json.Json;

/**
 * Problems the gateway answers itself (RFC 9457, the same shape and codes as the services'). A request refused before
 * its body was read (a missing token, a rate limit) has the rest of its body read and dropped, never kept, so the
 * client reads the answer and its connection stays usable.
 */
public final class GatewayProblems {
    private GatewayProblems() {
    }

    public static void send(Exchange exchange, int status, String code, String title, String detail) {
        if (exchange.ended()) {
            return;
        }
        exchange.dropBody();
        Problem problem = Problem.of(status, code, title, detail, null).withInstance(exchange.path());
        if (status == 503 && !exchange.responseHeaders().contains(HttpHeaderNames.RETRY_AFTER)) {
            // Every 503 tells the client when to send the same request (the same Idempotency-Key) again.
            exchange.responseHeaders().set(HttpHeaderNames.RETRY_AFTER, "1");
        }
        exchange.responseHeaders().set(HttpHeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE);
        exchange.status(status).end(Json.encode(problem));
    }
}
