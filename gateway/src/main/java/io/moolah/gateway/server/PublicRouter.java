package io.moolah.gateway.server;

import io.moolah.gateway.config.GatewaySettings;
import io.moolah.gateway.exchange.Exchange;
import io.moolah.gateway.exchange.GatewayProblems;
import io.moolah.gateway.exchange.HeaderNames;
import io.moolah.gateway.pages.PublishedPages;
import io.moolah.gateway.routing.GatewayPipeline;
import io.moolah.gateway.telemetry.RequestTelemetry;
import io.moolah.platform.web.Problem;
import io.moolah.platform.web.RequestIds;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.AsciiString;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Arrays;

/**
 * The public port's steps, in the order a request meets them: the response hygiene headers and the request id,
 * telemetry (every request timed and logged, whoever answers it), a Host, a well-formed target, CORS, the pages the
 * gateway serves itself (the published contract and its documentation), then the API pipeline on {@code /api/v1/*};
 * anything else is 404. A step's bug and requests Netty cannot decode (a request line or
 * headers over the limits) are answered as problems too.
 */
@Singleton
public class PublicRouter {
    private static final Logger LOG = Logger.getLogger(PublicRouter.class);

    @Inject
    GatewaySettings settings;

    @Inject
    RequestTelemetry telemetry;

    @Inject
    GatewayPipeline pipeline;

    @Inject
    PublishedPages pages;

    @ConfigProperty(name = "quarkus.application.name")
    String serviceName;

    private Exchange.Step[] steps;
    private AsciiString strictTransportSecurity;
    private AsciiString servedBy;

    @PostConstruct
    void build() {
        strictTransportSecurity = AsciiString.of(settings.https().strictTransportSecurity());
        servedBy = AsciiString.of(serviceName);
        CrossOrigin cors = new CrossOrigin(settings.cors());
        Exchange.Step[] own = {this::begin, telemetry::begin, PublicRouter::checkTarget, cors::handle, pages::serve, PublicRouter::apiOnly};
        Exchange.Step[] api = pipeline.steps();
        steps = Arrays.copyOf(own, own.length + api.length);
        System.arraycopy(api, 0, steps, own.length, api.length);
    }

    /** Every request's steps, shared by all exchanges (never changed). */
    Exchange.Step[] steps() {
        return steps;
    }

    private void begin(Exchange exchange) {
        String requestId = RequestIds.idOf(exchange.header(HeaderNames.REQUEST_ID));
        exchange.requestId(requestId);
        exchange.responseHeaders()
                .add(HeaderNames.STRICT_TRANSPORT_SECURITY, strictTransportSecurity)
                .add(HeaderNames.CONTENT_TYPE_OPTIONS, HeaderNames.NOSNIFF)
                .add(HeaderNames.REQUEST_ID, requestId)
                .add(HeaderNames.SERVED_BY, servedBy);
        exchange.addHeadersEndHandler(() -> ResponseHeaders.publicFacing(exchange.responseHeaders(), settings.exposeServedBy()));
        exchange.next();
    }

    private static void checkTarget(Exchange exchange) {
        if (exchange.version() == Exchange.Version.HTTP_1_1 && !exchange.headers().contains(HttpHeaderNames.HOST)) {
            // HTTP/1.1 requires Host (RFC 9112 3.2).
            GatewayProblems.send(exchange, 400, "BAD_REQUEST", "Bad request", "The request was not understood.");
            return;
        }
        if (exchange.path().isEmpty()) {
            GatewayProblems.send(exchange, 400, "BAD_REQUEST", "Bad request", "The request was not understood.");
            return;
        }
        if (!RequestTargets.wellFormed(exchange.path()) || !RequestTargets.wellFormed(exchange.query())) {
            GatewayProblems.send(exchange, 400, "MALFORMED_REQUEST_TARGET", "Malformed request target",
                    "The path or query has characters that must be percent-encoded, or a broken percent-escape.");
            return;
        }
        exchange.next();
    }

    private static void apiOnly(Exchange exchange) {
        if (!GatewayPipeline.isApi(exchange.path())) {
            GatewayProblems.send(exchange, 404, "NOT_FOUND", "Not found", "No such resource.");
            return;
        }
        exchange.next();
    }

    /** A step threw (a bug), or the request's body could not be decoded: a problem, never a bare 500. */
    void failed(Exchange exchange, Throwable failure) {
        if (exchange.ended()) {
            LOG.errorf(failure, "%s %s failed after its answer", exchange.method(), exchange.path());
            return;
        }
        if (failure instanceof Exchange.BadRequestException) {
            exchange.closeAfterAnswer();
            GatewayProblems.send(exchange, 400, "BAD_REQUEST", "Bad request", "The request was not understood.");
        } else {
            LOG.errorf(failure, "%s %s failed", exchange.method(), exchange.path());
            GatewayProblems.send(exchange, 500, "INTERNAL_ERROR", "Internal error", "Something went wrong on our side.");
        }
    }

    /** The status and problem for a request Netty could not decode: 414, 431 or 400. */
    Problem undecodable(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return Problem.of(414, "REQUEST_LINE_TOO_LONG", "Request line too long",
                    "The request line is longer than " + settings.https().maxInitialLineLength() + " bytes.", null);
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return Problem.of(431, "HEADERS_TOO_LARGE", "Headers too large",
                    "The headers are larger than " + settings.https().maxHeaderSize() + " bytes.", null);
        }
        return Problem.of(400, "BAD_REQUEST", "Bad request", "The request was not understood.", null);
    }

    /** Headers of the answer to an undecodable request (it closes the connection). */
    void undecodableHeaders(HttpHeaders headers, String requestId) {
        headers.set(HttpHeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .set(HttpHeaderNames.CONNECTION, "close")
                .set("Strict-Transport-Security", settings.https().strictTransportSecurity())
                .set("X-Content-Type-Options", "nosniff")
                .set(RequestIds.HEADER, requestId)
                .set("Cache-Control", "no-store");
    }
}
