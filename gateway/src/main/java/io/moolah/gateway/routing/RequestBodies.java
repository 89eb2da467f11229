package io.moolah.gateway.routing;

import io.moolah.gateway.exchange.RouteTable;
import io.moolah.gateway.config.GatewaySettings;
import io.moolah.gateway.exchange.GatewayProblems;
import io.moolah.gateway.exchange.RequestState;
import io.moolah.gateway.exchange.RouteTable.Kind;
import io.moolah.gateway.exchange.UnreadBodies;
import io.moolah.gateway.exchange.RouteTable.Route;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;

/**
 * Reads a request's body as the bytes sent, within its route's limit ({@code max-body-bytes}, or
 * {@code max-webhook-body-bytes} for provider notifications). Nothing is decoded here, forms included: the owning
 * service reads the body, and a body the gateway cannot parse must still reach it as sent. A body over the limit is
 * 413 {@code PAYLOAD_TOO_LARGE} whatever its type: at once when its Content-Length says so, else when the bytes pass
 * the limit. Every body's bytes are reserved against the gateway-wide {@link BodyBudget} before they are kept (the
 * declared Content-Length up front, else chunk by chunk) and released once when the exchange ends, however it ends; a
 * body the budget has no room for is 503 {@code GATEWAY_BUSY} with {@code Retry-After: 1}. The rest of a refused body
 * is read and dropped, never kept, so the client can read the answer and keep its connection.
 * <p>
 * Runs after authentication and rate limiting: the request stays paused (as Vert.x Web hands it over) until here.
 */
@Singleton
public class RequestBodies {

    @Inject
    GatewaySettings settings;

    @Inject
    BodyBudget budget;

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
            UnreadBodies.drop(request);
            tooLarge(context, limit);
            return;
        }
        Reservation reservation = new Reservation(budget);
        // Once the exchange ends (answered, reset or its connection closed), whichever comes first, exactly once.
        context.addEndHandler(done -> reservation.release());
        if (declared > 0 && !reservation.grow(declared)) {
            UnreadBodies.drop(request);
            busy(context);
            return;
        }
        String expect = request.getHeader(HttpHeaders.EXPECT);
        if (expect != null) {
            if (!"100-continue".equalsIgnoreCase(expect.trim())) {
                UnreadBodies.drop(request);
                GatewayProblems.send(context, 417, "EXPECTATION_FAILED", "Expectation failed", "Only Expect: 100-continue is understood.");
                return;
            }
            if (request.version() != HttpVersion.HTTP_1_0) {
                context.response().writeContinue();
            }
        }
        Buffer body = Buffer.buffer();
        // A body trickled in (a byte every few seconds never trips the idle timeout) is cut off at a deadline for the
        // whole body: 408, and the connection closes, so one client cannot hold connections and buffers open for ever.
        long deadline = context.vertx().setTimer(settings.bodyReadTimeout().toMillis(), fired -> {
            if (!context.response().ended() && !request.isEnded()) {
                UnreadBodies.drop(request);
                closeAfterAnswer(context);
                GatewayProblems.send(context, 408, "REQUEST_TIMEOUT", "Request timeout",
                        "The request body did not arrive within " + settings.bodyReadTimeout().toSeconds() + " s.");
            }
        });
        context.addEndHandler(done -> context.vertx().cancelTimer(deadline));
        request.handler(chunk -> {
            if (context.response().ended()) {
                return;
            }
            long total = (long) body.length() + chunk.length();
            if (total > limit) {
                UnreadBodies.drop(request);
                tooLarge(context, limit);
                return;
            }
            if (total > reservation.bytes() && !reservation.grow(total - reservation.bytes())) {
                UnreadBodies.drop(request);
                busy(context);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(end -> {
            context.vertx().cancelTimer(deadline);
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

    private static void busy(RoutingContext context) {
        if (!context.response().ended()) {
            context.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
        }
        GatewayProblems.send(context, 503, "GATEWAY_BUSY", "Service unavailable",
                "The gateway is holding as many request bodies as it can; try again shortly.");
    }

    /**
     * Ends the client's connection once the answer is out: HTTP/1.1 with {@code Connection: close}, HTTP/2 with a
     * graceful shutdown (GOAWAY), since its other streams are the client's own.
     */
    static void closeAfterAnswer(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.version() == HttpVersion.HTTP_2) {
            context.response().endHandler(done -> request.connection().shutdown());
        } else {
            context.response().putHeader(HttpHeaders.CONNECTION, "close");
            context.response().endHandler(done -> request.connection().close());
        }
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

    /** One body's share of the budget: grown as needed, given back once. Used on the request's event loop. */
    private static final class Reservation {
        private final BodyBudget budget;
        private long bytes;
        private boolean released;

        Reservation(BodyBudget budget) {
            this.budget = budget;
        }

        long bytes() {
            return bytes;
        }

        boolean grow(long more) {
            if (released || !budget.tryReserve(more)) {
                return false;
            }
            bytes += more;
            return true;
        }

        void release() {
            if (!released) {
                released = true;
                budget.release(bytes);
                bytes = 0;
            }
        }
    }
}
