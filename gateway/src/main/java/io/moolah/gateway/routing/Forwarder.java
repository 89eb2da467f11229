package io.moolah.gateway.routing;

import io.moolah.gateway.exchange.GatewayProblems;
import io.moolah.gateway.exchange.RequestState;
import io.moolah.gateway.exchange.RouteTable;
import io.moolah.gateway.config.GatewaySettings;
import io.moolah.gateway.metrics.GatewayMetrics;
import io.moolah.gateway.ratelimit.LoadShedder;
import io.moolah.gateway.exchange.RouteTable.Route;
import io.moolah.gateway.upstream.UpstreamInstance;
import io.moolah.gateway.upstream.UpstreamPool;
import io.moolah.gateway.upstream.Upstreams;
import io.moolah.platform.web.RequestIds;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Forwards a request to an instance of the owning service and relays the answer. Instances are chosen round-robin
 * among the available ones; a connection failure ejects an instance at once and 5xx answers in a row do too. A request
 * that is safe to repeat (GET, HEAD, OPTIONS, or one carrying an {@code Idempotency-Key}, which the services
 * de-duplicate) is tried again on another instance after a connection failure or a 502/503, at most
 * {@code max-retries} times; a timeout is never retried (the work may still be running). The upstream's circuit
 * breaker sees each request's final outcome. The request id travels with the request; hop-by-hop headers do not. The
 * request goes out as origin-form, the routed path and the query.
 */
@ApplicationScoped
public class Forwarder {
    private static final Logger LOG = Logger.getLogger(Forwarder.class);
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    Vertx vertx;

    @Inject
    GatewaySettings settings;

    @Inject
    Upstreams upstreams;

    @Inject
    LoadShedder shedder;

    @Inject
    GatewayMetrics metrics;

    /**
     * One upstream client per event loop, each with its own connection pool: a request then goes out and comes back
     * on the event loop that read it. With one shared pool a connection opened by another event loop was often
     * picked, and every exchange crossed threads twice (measured: about eight context switches per proxied request,
     * and on two busy cores each wake-up waits for a core).
     */
    private final ThreadLocal<HttpClient> eventLoopClients = new ThreadLocal<>();
    private HttpClient sharedClient;

    void start(@Observes StartupEvent event) {
        sharedClient = newClient();
    }

    private HttpClient newClient() {
        return vertx.createHttpClient(new HttpClientOptions()
                .setKeepAlive(true)
                .setMaxPoolSize(settings.upstreamConnectionsPerEventLoop())
                .setConnectTimeout((int) settings.connectTimeout().toMillis()));
    }

    private HttpClient client() {
        if (!Context.isOnEventLoopThread()) {
            return sharedClient;
        }
        HttpClient client = eventLoopClients.get();
        if (client == null) {
            client = newClient();
            eventLoopClients.set(client);
        }
        return client;
    }

    /** One request's way through the instances of its upstream. */
    private record Exchange(RoutingContext context, Route route, UpstreamPool pool, Buffer body, boolean retryable,
                            Set<UpstreamInstance> tried) {
    }

    private record Answer(HttpClientResponse response, Buffer body) {
    }

    public void forward(RoutingContext context) {
        Route route = RequestState.route(context);
        UpstreamPool pool = upstreams.pool(route.upstream());
        if (pool == null || pool.instances().isEmpty()) {
            GatewayProblems.send(context, 503, "UPSTREAM_UNAVAILABLE", "Service unavailable",
                    "The " + route.upstream() + " service is not configured.");
            return;
        }
        long now = System.nanoTime();
        if (!pool.breaker().tryAcquire(now)) {
            metrics.refusedFast(pool.name(), "circuit-open");
            long seconds = Math.max(1, (pool.breaker().remainingOpenNanos(now) + 999_999_999L) / 1_000_000_000L);
            context.response().putHeader("Retry-After", String.valueOf(seconds));
            GatewayProblems.send(context, 503, "UPSTREAM_CIRCUIT_OPEN", "Service unavailable",
                    "The " + pool.name() + " service is failing; requests to it pause briefly. Try again later.");
            return;
        }
        String method = context.request().method().name();
        boolean retryable = mayRepeat(route, method, context.request().getHeader("Idempotency-Key") != null);
        attempt(new Exchange(context, route, pool, RequestState.body(context), retryable, new HashSet<>()), null);
    }

    /**
     * Whether a request may go to a second instance after the first failed: safe methods and requests with an
     * Idempotency-Key (the services replay those), but never a sign-in (register, login, refresh, operator sign-in): a
     * refresh that reached the account-service rotated the token, and its second delivery would look like a stolen
     * token's reuse and revoke the session.
     */
    static boolean mayRepeat(Route route, String method, boolean hasIdempotencyKey) {
        return route.kind() != RouteTable.Kind.AUTH && (SAFE_METHODS.contains(method) || hasIdempotencyKey);
    }

    private void attempt(Exchange exchange, Throwable previousFailure) {
        UpstreamPool pool = exchange.pool();
        UpstreamInstance instance = pool.next(exchange.tried(), System.nanoTime());
        if (instance == null) {
            pool.breaker().recordFailure(System.nanoTime());
            if (previousFailure == null) {
                metrics.refusedFast(pool.name(), "no-available-instance");
                GatewayProblems.send(exchange.context(), 503, "UPSTREAM_UNAVAILABLE", "Service unavailable",
                        "No instance of the " + pool.name() + " service is available; try again.");
            } else {
                fail(exchange.context(), pool.name(), previousFailure);
            }
            return;
        }
        exchange.tried().add(instance);
        long started = System.nanoTime();
        client().request(options(exchange.context(), instance))
                .compose(request -> request.send(exchange.body()))
                .compose(response -> response.body().map(body -> new Answer(response, body)))
                .onComplete(result -> {
                    long now = System.nanoTime();
                    if (result.succeeded()) {
                        answered(exchange, instance, result.result(), now - started, now);
                    } else {
                        failed(exchange, instance, result.cause(), now - started, now);
                    }
                });
    }

    private void answered(Exchange exchange, UpstreamInstance instance, Answer answer, long nanos, long now) {
        int status = answer.response().statusCode();
        // A 503 with Retry-After is the service refusing on purpose (its provider or its database is down): the
        // service is up and answering, so it is relayed as it is and counts against neither the instance nor the circuit.
        boolean refusedOnPurpose = status == 503 && answer.response().getHeader("Retry-After") != null;
        boolean serverError = !refusedOnPurpose && status >= 500 && status != 501 && status != 505;
        shedder.record(instance.upstream(), nanos, serverError);
        if (serverError) {
            instance.answeredWithServerError(now);
            metrics.attemptFailed(instance.upstream(), "server-error");
            if ((status == 502 || status == 503) && mayRetry(exchange)) {
                metrics.retried(instance.upstream());
                attempt(exchange, null);
                return;
            }
            exchange.pool().breaker().recordFailure(now);
        } else {
            instance.answered();
            exchange.pool().breaker().recordSuccess();
        }
        relay(exchange.context(), answer.response(), answer.body());
    }

    private void failed(Exchange exchange, UpstreamInstance instance, Throwable failure, long nanos, long now) {
        shedder.record(instance.upstream(), nanos, true);
        boolean timeout = isTimeout(failure);
        if (timeout) {
            instance.answeredWithServerError(now);
            metrics.attemptFailed(instance.upstream(), "timeout");
        } else {
            instance.unreachable(now);
            metrics.attemptFailed(instance.upstream(), "unreachable");
            if (mayRetry(exchange)) {
                metrics.retried(instance.upstream());
                attempt(exchange, failure);
                return;
            }
        }
        exchange.pool().breaker().recordFailure(now);
        fail(exchange.context(), instance.upstream(), failure);
    }

    private boolean mayRetry(Exchange exchange) {
        return exchange.retryable() && exchange.tried().size() <= settings.maxRetries()
                && !exchange.context().response().headWritten();
    }

    private RequestOptions options(RoutingContext context, UpstreamInstance instance) {
        var request = context.request();
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setHost(instance.host())
                .setPort(instance.port())
                .setSsl(instance.ssl())
                .setURI(instance.pathPrefix() + originForm(request))
                .setIdleTimeout(settings.upstreamTimeout().toMillis());
        MultiMap headers = HttpHeaders.headers();
        for (Map.Entry<String, String> header : request.headers()) {
            if (!isHopByHop(header.getKey())) {
                headers.add(header.getKey(), header.getValue());
            }
        }
        headers.set(RequestIds.HEADER, (String) context.get(RequestIds.MDC_KEY));
        headers.set("X-Forwarded-For", request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress());
        headers.set("X-Forwarded-Proto", request.scheme());
        return options.setHeaders(headers);
    }

    /** Whether a header is the connection's own (RFC 9110 7.6.1), or one the gateway sets anew; without allocating. */
    static boolean isHopByHop(String name) {
        return switch (name.length()) {
            case 2 -> name.equalsIgnoreCase("te");
            case 4 -> name.equalsIgnoreCase("host");
            case 7 -> name.equalsIgnoreCase("trailer") || name.equalsIgnoreCase("upgrade");
            case 10 -> name.equalsIgnoreCase("connection") || name.equalsIgnoreCase("keep-alive");
            case 14 -> name.equalsIgnoreCase("content-length");
            case 17 -> name.equalsIgnoreCase("transfer-encoding");
            case 18 -> name.equalsIgnoreCase("proxy-authenticate");
            case 19 -> name.equalsIgnoreCase("proxy-authorization");
            default -> false;
        };
    }

    /**
     * The path the request was routed on and its query. Of an absolute-form target ({@code GET https://host/path}),
     * which HTTP/1.1 servers must accept, the scheme and authority are dropped: requests only ever go to the upstream.
     */
    private static String originForm(HttpServerRequest request) {
        String query = request.query();
        return query == null ? request.path() : request.path() + "?" + query;
    }

    private static void relay(RoutingContext context, HttpClientResponse response, Buffer body) {
        var out = context.response();
        if (out.ended()) {
            return;
        }
        out.setStatusCode(response.statusCode());
        copyHeaders(response.headers(), out.headers());
        if (ResponseCompression.applies(context.request().getHeader(HttpHeaders.ACCEPT_ENCODING), response.getHeader(HttpHeaders.CONTENT_ENCODING),
                response.getHeader(HttpHeaders.CONTENT_TYPE), body.length())) {
            out.headers().remove(HttpHeaders.CONTENT_LENGTH);
            out.putHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
            out.headers().add(HttpHeaders.VARY, "Accept-Encoding");
            out.end(ResponseCompression.gzip(body));
        } else {
            out.end(body);
        }
    }

    /**
     * The service's headers onto the answer, except hop-by-hop ones: a header the service sends replaces the gateway's
     * own of that name (its {@code X-Request-Id}, say), and every value of a repeated one is kept.
     */
    static void copyHeaders(MultiMap from, MultiMap to) {
        List<String> replaced = new ArrayList<>(from.size());
        for (Map.Entry<String, String> header : from) {
            String name = header.getKey();
            if (isHopByHop(name)) {
                continue;
            }
            if (containsIgnoreCase(replaced, name)) {
                to.add(name, header.getValue());
            } else {
                replaced.add(name);
                to.set(name, header.getValue());
            }
        }
    }

    private static boolean containsIgnoreCase(List<String> names, String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTimeout(Throwable failure) {
        return failure instanceof TimeoutException || failure.getClass().getSimpleName().contains("Timeout");
    }

    private static void fail(RoutingContext context, String upstream, Throwable failure) {
        if (context.response().headWritten()) {
            context.response().reset();
            return;
        }
        if (isTimeout(failure)) {
            GatewayProblems.send(context, 504, "UPSTREAM_TIMEOUT", "Gateway timeout", "The " + upstream + " service did not answer in time.");
        } else {
            if (!(failure instanceof ConnectException)) {
                LOG.warnf("forwarding to %s failed: %s", upstream, failure.toString());
            }
            GatewayProblems.send(context, 503, "UPSTREAM_UNAVAILABLE", "Service unavailable", "The " + upstream + " service is unavailable; try again.");
        }
    }
}
