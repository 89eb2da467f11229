package io.moolah.gateway.exchange;

import io.moolah.platform.web.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/**
 * Problems the gateway answers itself (RFC 9457, the same shape and codes as the services'). A request refused before
 * its body was read (a missing token, a rate limit) has the rest of its body read and dropped, never kept, so the
 * client reads the answer and its connection stays usable.
 */
public final class GatewayProblems {
    private GatewayProblems() {
    }

    public static void send(RoutingContext context, int status, String code, String title, String detail) {
        if (context.response().ended()) {
            return;
        }
        UnreadBodies.drop(context.request());
        Problem problem = Problem.of(status, code, title, detail, null).withInstance(context.request().path());
        if (status == 503 && context.response().headers().get(HttpHeaders.RETRY_AFTER) == null) {
            // Every 503 tells the client when to send the same request (the same Idempotency-Key) again.
            context.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
        }
        context.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Json.encode(problem));
    }
}
