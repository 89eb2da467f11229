package io.moolah.gateway.server;

import io.moolah.gateway.config.GatewaySettings;
import io.moolah.gateway.exchange.GatewayProblems;
import io.moolah.gateway.routing.GatewayPipeline;
import io.moolah.gateway.telemetry.RequestTelemetry;
import io.moolah.platform.web.Problem;
import io.moolah.platform.web.RequestIds;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * The public port's routes, in the order a request meets them: the response hygiene headers and the request id,
 * telemetry (every request timed and logged, whoever answers it), a well-formed target, CORS, then the API pipeline
 * on {@code /api/v1/*}; anything else is 404. Failures the router raises (no Host header, a handler's bug) and requests
 * Netty cannot decode (a request line or headers over the limits) are answered as problems too.
 */
@Singleton
public class PublicRouter {
    private static final Logger LOG = Logger.getLogger(PublicRouter.class);

    @Inject
    GatewaySettings settings;

    @Inject
    RequestIds requestIds;

    @Inject
    RequestTelemetry telemetry;

    @Inject
    GatewayPipeline pipeline;

    Router create(Vertx vertx) {
        CrossOrigin cors = new CrossOrigin(settings.cors());
        Router router = Router.router(vertx);
        router.route().handler(this::begin);
        router.route().handler(telemetry::begin);
        router.route().handler(PublicRouter::checkTarget);
        router.route().handler(cors::handle);
        pipeline.install(router);
        router.route().handler(context -> GatewayProblems.send(context, 404, "NOT_FOUND", "Not found", "No such resource."));
        router.route().failureHandler(PublicRouter::failed);
        return router;
    }

    private void begin(RoutingContext context) {
        // The body stays unread until routing/RequestBodies resumes the request: nothing is buffered for a request
        // refused before it (no token, over a limit), and no chunk arrives before its handler is set.
        if (!context.request().isEnded()) {
            context.request().pause();
        }
        context.response().headers()
                .add("Strict-Transport-Security", settings.https().strictTransportSecurity())
                .add("X-Content-Type-Options", "nosniff");
        context.addHeadersEndHandler(ignored -> ResponseHeaders.publicFacing(context.response().headers(), settings.exposeServedBy()));
        requestIds.tag(context);
    }

    private static void checkTarget(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (!RequestTargets.wellFormed(request.path()) || !RequestTargets.wellFormed(request.query())) {
            GatewayProblems.send(context, 400, "MALFORMED_REQUEST_TARGET", "Malformed request target",
                    "The path or query has characters that must be percent-encoded, or a broken percent-escape.");
            return;
        }
        context.next();
    }

    /** Failures raised by Vert.x (a broken body, a request the router refuses) or by a handler's bug, as problems. */
    private static void failed(RoutingContext context) {
        int status = context.statusCode();
        if (status == 404) {
            GatewayProblems.send(context, 404, "NOT_FOUND", "Not found", "No such resource.");
        } else if (status >= 400 && status < 500) {
            GatewayProblems.send(context, status, "BAD_REQUEST", "Bad request", "The request was not understood.");
        } else {
            LOG.errorf(context.failure(), "%s %s failed", context.request().method(), context.request().path());
            GatewayProblems.send(context, 500, "INTERNAL_ERROR", "Internal error", "Something went wrong on our side.");
        }
    }

    /**
     * A request Netty could not decode (HTTP/1.x only): a request line over the limit is 414, headers over it 431,
     * anything else 400; the connection then closes, since the rest of what it sent cannot be read as requests.
     */
    void invalid(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        int status;
        Problem problem;
        if (cause instanceof TooLongHttpLineException) {
            status = 414;
            problem = Problem.of(status, "REQUEST_LINE_TOO_LONG", "Request line too long",
                    "The request line is longer than " + settings.https().maxInitialLineLength() + " bytes.", null);
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = 431;
            problem = Problem.of(status, "HEADERS_TOO_LARGE", "Headers too large",
                    "The headers are larger than " + settings.https().maxHeaderSize() + " bytes.", null);
        } else {
            status = 400;
            problem = Problem.of(status, "BAD_REQUEST", "Bad request", "The request was not understood.", null);
        }
        request.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .putHeader("Strict-Transport-Security", settings.https().strictTransportSecurity())
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader(RequestIds.HEADER, RequestIds.idOf(request))
                .putHeader("Cache-Control", "no-store")
                .end(Json.encode(problem))
                .onComplete(done -> request.connection().close());
    }
}
