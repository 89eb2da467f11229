package io.moolah.gateway.routing;

import io.moolah.gateway.exchange.Exchange;
import io.moolah.gateway.exchange.GatewayProblems;
import io.moolah.gateway.exchange.HeaderNames;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.moolah.gateway.exchange.RouteTable.Kind;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.Locale;

/**
 * Refuses what no service should have to read: more than one {@code Idempotency-Key} (400
 * {@code INVALID_IDEMPOTENCY_KEY}: the gateway's retries and the service's de-duplication could each take another one),
 * and a body on the API that is not JSON (415) or not well-formed JSON (400 {@code MALFORMED_JSON}). Webhook bodies are
 * not checked for type: providers send forms as well as JSON, and the payment service authenticates them.
 */
@Singleton
public class RequestHygiene {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    public void check(Exchange exchange) {
        if (exchange.headers().getAll(HeaderNames.IDEMPOTENCY_KEY).size() > 1) {
            GatewayProblems.send(exchange, 400, "INVALID_IDEMPOTENCY_KEY", "Bad request", "Send one Idempotency-Key header, not several.");
            return;
        }
        Buffer body = exchange.body();
        if (exchange.route().kind() == Kind.WEBHOOK || body.length() == 0) {
            exchange.next();
            return;
        }
        if (!isJson(exchange.header(HttpHeaderNames.CONTENT_TYPE))) {
            GatewayProblems.send(exchange, 415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported media type", "Send application/json.");
            return;
        }
        if (!isWellFormed(body)) {
            GatewayProblems.send(exchange, 400, "MALFORMED_JSON", "Malformed JSON", "The body is not valid JSON.");
            return;
        }
        exchange.next();
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    /** Exactly one JSON value, read as a stream (no tree is built). */
    static boolean isWellFormed(Buffer body) {
        try (JsonParser parser = JSON.createParser(body.getBytes())) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }
}
