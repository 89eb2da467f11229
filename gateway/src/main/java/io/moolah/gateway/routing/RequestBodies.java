package io.moolah.gateway.routing;

import io.moolah.gateway.config.GatewaySettings;
import io.moolah.gateway.exchange.Exchange;
import io.moolah.gateway.exchange.GatewayProblems;
import io.moolah.gateway.exchange.RouteTable.Kind;
import io.moolah.gateway.exchange.RouteTable.Route;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.buffer.Buffer;
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
 * Runs after authentication and rate limiting: nothing of the body is read until here (exchange/Exchange).
 */
@Singleton
public class RequestBodies {

    @Inject
    GatewaySettings settings;

    @Inject
    BodyBudget budget;

    public void read(Exchange exchange) {
        long declared = declaredLength(exchange.header(HttpHeaderNames.CONTENT_LENGTH));
        boolean streamed = exchange.version() == Exchange.Version.HTTP_2 || exchange.headers().contains(HttpHeaderNames.TRANSFER_ENCODING);
        if (exchange.bodyless() || (declared < 0 && !streamed)) {
            exchange.body(Buffer.buffer());
            exchange.next();
            return;
        }
        int limit = limitFor(exchange.route());
        if (declared > limit) {
            tooLarge(exchange, limit);
            return;
        }
        Reservation reservation = new Reservation(budget);
        // Once the exchange ends (answered, reset or its connection closed), whichever comes first, exactly once.
        exchange.addEndHandler(reservation::release);
        if (declared > 0 && !reservation.grow(declared)) {
            busy(exchange);
            return;
        }
        String expect = exchange.header(HttpHeaderNames.EXPECT);
        if (expect != null) {
            if (!"100-continue".equalsIgnoreCase(expect.trim())) {
                GatewayProblems.send(exchange, 417, "EXPECTATION_FAILED", "Expectation failed", "Only Expect: 100-continue is understood.");
                return;
            }
            if (exchange.version() != Exchange.Version.HTTP_1_0) {
                exchange.writeContinue();
            }
        }
        Buffer body = Buffer.buffer(declared > 0 ? (int) declared : 256);
        // A body trickled in (a byte every few seconds never trips the idle timeout) is cut off at a deadline for the
        // whole body: 408, and the connection closes, so one client cannot hold connections and buffers open for ever.
        var deadline = exchange.schedule(() -> {
            if (!exchange.ended() && !exchange.requestEnded()) {
                exchange.closeAfterAnswer();
                GatewayProblems.send(exchange, 408, "REQUEST_TIMEOUT", "Request timeout",
                        "The request body did not arrive within " + settings.bodyReadTimeout().toSeconds() + " s.");
            }
        }, settings.bodyReadTimeout().toMillis());
        exchange.addEndHandler(() -> deadline.cancel(false));
        exchange.readBody(new Exchange.BodyReader() {
            @Override
            public void chunk(ByteBuf chunk) {
                try {
                    if (exchange.ended()) {
                        return;
                    }
                    long total = (long) body.length() + chunk.readableBytes();
                    if (total > limit) {
                        tooLarge(exchange, limit);
                        return;
                    }
                    if (total > reservation.bytes() && !reservation.grow(total - reservation.bytes())) {
                        busy(exchange);
                        return;
                    }
                    body.appendBuffer(Buffer.buffer(chunk));
                } finally {
                    chunk.release();
                }
            }

            @Override
            public void end() {
                deadline.cancel(false);
                if (!exchange.ended()) {
                    exchange.body(body);
                    exchange.next();
                }
            }

            @Override
            public void failed(Throwable failure) {
                if (!exchange.ended()) {
                    GatewayProblems.send(exchange, 400, "BAD_REQUEST", "Bad request", "The request was not understood.");
                }
            }
        });
    }

    private int limitFor(Route route) {
        return route.kind() == Kind.WEBHOOK ? settings.maxWebhookBodyBytes() : settings.maxBodyBytes();
    }

    private static void tooLarge(Exchange exchange, int limit) {
        GatewayProblems.send(exchange, 413, "PAYLOAD_TOO_LARGE", "Payload too large",
                "A request body here may be at most " + limit + " bytes.");
    }

    private static void busy(Exchange exchange) {
        if (!exchange.ended()) {
            exchange.responseHeaders().set(HttpHeaderNames.RETRY_AFTER, "1");
        }
        GatewayProblems.send(exchange, 503, "GATEWAY_BUSY", "Service unavailable",
                "The gateway is holding as many request bodies as it can; try again shortly.");
    }

    private static long declaredLength(String length) {
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
