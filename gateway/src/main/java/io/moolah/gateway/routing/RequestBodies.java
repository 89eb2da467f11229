package io.moolah.gateway.routing;

import io.moolah.gateway.config.GatewaySettings;
import io.moolah.gateway.routing.RouteTable.Kind;
import io.moolah.gateway.routing.RouteTable.Route;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Reads a request's body as the bytes sent, within its route's limit ({@code max-body-bytes}, or
 * {@code max-webhook-body-bytes} for provider notifications). Nothing is decoded here, forms included: the owning
 * service reads the body, and a body the gateway cannot parse must still reach it as sent. A body over the limit is
 * 413 {@code PAYLOAD_TOO_LARGE} whatever its type: at once when its Content-Length says so, else when the bytes pass
 * the limit. The rest of that body is read and dropped, so the client can read the answer and keep its connection.
 */
@ApplicationScoped
public class RequestBodies {

    @Inject
    GatewaySettings settings;

    public void read(RoutingContext context) {
        HttpServerRequest request = context.request();
        long declared = declaredLength(request);
        boolean streamed = request.version() == HttpVersion.HTTP_2 || request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
        if (request.isEnded() || (declared < 0 && !streamed)) {
            RequestState.body(context, Buffer.buffer());
            context.next();
            return;
        }
        int limit = limitFor(RequestState.route(context));
        if (declared > limit) {
            drop(request);
            tooLarge(context, limit);
            return;
        }
        String expect = request.getHeader(HttpHeaders.EXPECT);
        if (expect != null) {
            if (!"100-continue".equalsIgnoreCase(expect.trim())) {
                drop(request);
                GatewayProblems.send(context, 417, "EXPECTATION_FAILED", "Expectation failed", "Only Expect: 100-continue is understood.");
                return;
            }
            if (request.version() != HttpVersion.HTTP_1_0) {
                context.response().writeContinue();
            }
        }
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (context.response().ended()) {
                return;
            }
            if (body.length() + chunk.length() > limit) {
                tooLarge(context, limit);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(end -> {
            if (!context.response().ended()) {
                RequestState.body(context, body);
                context.next();
            }
        });
        request.exceptionHandler(failure -> {
            if (!context.response().ended() && !context.response().closed()) {
                context.fail(400, failure);
            }
        });
        request.resume();
    }

    private int limitFor(Route route) {
        return route.kind() == Kind.WEBHOOK ? settings.maxWebhookBodyBytes() : settings.maxBodyBytes();
    }

    private static void tooLarge(RoutingContext context, int limit) {
        GatewayProblems.send(context, 413, "PAYLOAD_TOO_LARGE", "Payload too large",
                "A request body here may be at most " + limit + " bytes.");
    }

    /** Reads what is left of a refused body and drops it. */
    private static void drop(HttpServerRequest request) {
        request.handler(chunk -> {
        });
        request.resume();
    }

    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
