package io.moolah.gateway.routing;

import io.moolah.gateway.config.GatewaySettings;
import io.moolah.platform.web.Problem;
import io.moolah.platform.web.RequestIds;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.net.ConnectException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Forwards {@code /api/v1/...} to the owning service (plain forwarding: one request, one upstream attempt). The
 * request id travels with the request; hop-by-hop headers do not.
 */
@ApplicationScoped
public class Forwarder {
    private static final Logger LOG = Logger.getLogger(Forwarder.class);
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length");

    @Inject
    Vertx vertx;

    @Inject
    GatewaySettings settings;

    private HttpClient client;
    private final Map<String, AtomicInteger> nextInstance = new java.util.concurrent.ConcurrentHashMap<>();

    void install(@Observes Router router) {
        client = vertx.createHttpClient(new HttpClientOptions()
                .setKeepAlive(true)
                .setMaxPoolSize(64)
                .setConnectTimeout((int) settings.connectTimeout().toMillis()));
        router.route().pathRegex("/api/v1/.*").order(100)
                .handler(BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes()))
                .handler(this::forward);
    }

    private void forward(RoutingContext context) {
        var request = context.request();
        var upstream = RouteTable.upstreamFor(request.method().name(), request.path());
        if (upstream.isEmpty()) {
            problem(context, 404, "NOT_FOUND", "Not found", "No such resource.");
            return;
        }
        String base = pickInstance(upstream.get());
        if (base == null) {
            problem(context, 503, "UPSTREAM_UNAVAILABLE", "Service unavailable", "The " + upstream.get() + " service is not configured.");
            return;
        }
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setAbsoluteURI(base + request.uri())
                .setIdleTimeout(settings.upstreamTimeout().toMillis());
        request.headers().forEach(header -> {
            if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                options.addHeader(header.getKey(), header.getValue());
            }
        });
        options.putHeader(RequestIds.HEADER, (String) context.get(RequestIds.MDC_KEY));
        options.putHeader("X-Forwarded-For", request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress());
        options.putHeader("X-Forwarded-Proto", request.scheme());
        Buffer body = context.body() == null || context.body().buffer() == null ? Buffer.buffer() : context.body().buffer();
        client.request(options)
                .compose(upstreamRequest -> upstreamRequest.send(body))
                .compose(response -> response.body().map(responseBody -> relay(context, response, responseBody)))
                .onFailure(failure -> fail(context, upstream.get(), failure));
    }

    private Void relay(RoutingContext context, HttpClientResponse response, Buffer body) {
        var out = context.response();
        out.setStatusCode(response.statusCode());
        response.headers().names().stream()
                .filter(name -> !HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)))
                .forEach(name -> out.headers().set(name, response.headers().getAll(name)));
        if (ResponseCompression.applies(context.request().getHeader("Accept-Encoding"), response.getHeader("Content-Encoding"),
                response.getHeader("Content-Type"), body.length())) {
            out.headers().remove("Content-Length");
            out.putHeader("Content-Encoding", "gzip");
            out.headers().add("Vary", "Accept-Encoding");
            out.end(ResponseCompression.gzip(body));
        } else {
            out.end(body);
        }
        return null;
    }

    private void fail(RoutingContext context, String upstream, Throwable failure) {
        if (context.response().headWritten()) {
            context.response().reset();
            return;
        }
        if (failure instanceof TimeoutException || failure.getClass().getSimpleName().contains("Timeout")) {
            problem(context, 504, "UPSTREAM_TIMEOUT", "Gateway timeout", "The " + upstream + " service did not answer in time.");
        } else {
            if (!(failure instanceof ConnectException)) {
                LOG.warnf("forwarding to %s failed: %s", upstream, failure.toString());
            }
            problem(context, 503, "UPSTREAM_UNAVAILABLE", "Service unavailable", "The " + upstream + " service is unavailable; try again.");
        }
    }

    private String pickInstance(String upstream) {
        GatewaySettings.Upstream configured = settings.upstreams().get(upstream);
        List<String> urls = configured == null ? List.of() : configured.urls();
        if (urls.isEmpty()) {
            return null;
        }
        int next = Math.floorMod(nextInstance.computeIfAbsent(upstream, name -> new AtomicInteger()).getAndIncrement(), urls.size());
        String url = urls.get(next);
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    static void problem(RoutingContext context, int status, String code, String title, String detail) {
        Problem problem = Problem.of(status, code, title, detail, null).withInstance(context.request().path());
        context.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Json.encode(problem));
    }
}
