package io.moolah.gateway.routing;

import io.moolah.gateway.config.GatewaySettings;
import io.moolah.gateway.exchange.GatewayProblems;
import io.moolah.gateway.exchange.RequestState;
import io.moolah.gateway.exchange.RouteTable;
import io.moolah.gateway.exchange.RouteTable.Route;
import io.moolah.gateway.metrics.GatewayMetrics;
import io.moolah.gateway.ratelimit.LoadShedder;
import io.moolah.gateway.upstream.UpstreamClient;
import io.moolah.gateway.upstream.UpstreamClient.Answer;
import io.moolah.gateway.upstream.UpstreamInstance;
import io.moolah.gateway.upstream.UpstreamPool;
import io.moolah.gateway.upstream.Upstreams;
import io.moolah.platform.web.RequestIds;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
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
@Singleton
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
     * Connections to the upstreams, per event loop: a request goes out and comes back on the event loop that read it
     * (with one shared pool a connection opened by another event loop was often picked, and every exchange crossed
     * threads twice).
     */
    private UpstreamClient client;

    @PostConstruct
    void start() {
        client = new UpstreamClient(vertx, settings.upstreamConnectionsPerEventLoop(), (int) settings.connectTimeout().toMillis(),
                settings.maxUpstreamResponseBytes());
    }

    /** One request's way through the instances of its upstream. */
    private record Exchange(RoutingContext context, Route route, UpstreamPool pool, Buffer body, boolean retryable,
                            Set<UpstreamInstance> tried) {
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
        HttpServerRequest request = exchange.context().request();
        client.send(instance, io.netty.handler.codec.http.HttpMethod.valueOf(request.method().name()),
                instance.pathPrefix() + originForm(request), forwardedHeaders(exchange.context()), exchange.body(),
                settings.upstreamTimeout().toMillis(), new UpstreamClient.Callback() {
                    @Override
                    public void answered(Answer answer) {
                        long now = System.nanoTime();
                        Forwarder.this.answered(exchange, instance, answer, now - started, now);
                    }

                    @Override
                    public void failed(Throwable failure) {
                        long now = System.nanoTime();
                        Forwarder.this.failed(exchange, instance, failure, now - started, now);
                    }
                });
    }

    private void answered(Exchange exchange, UpstreamInstance instance, Answer answer, long nanos, long now) {
        int status = answer.status();
        // A 503 with Retry-After is the service refusing on purpose (its provider or its database is down): the
        // service is up and answering, so it is relayed as it is and counts against neither the instance nor the circuit.
        boolean refusedOnPurpose = status == 503 && answer.headers().contains("Retry-After");
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
        relay(exchange.context(), answer);
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

    /**
     * The client's headers as the service gets them: hop-by-hop ones and {@code Expect} dropped (the gateway answered
     * the expectation and holds the whole body), the request id and {@code X-Forwarded-*} set. Netty's header map
     * without validation: every name and value was decoded and checked by the server's request decoder, or is the
     * gateway's own (validating each copy was about 2% of the gateway's CPU under load).
     */
    private static HttpHeaders forwardedHeaders(RoutingContext context) {
        HttpServerRequest request = context.request();
        HttpHeaders headers = new DefaultHttpHeaders(false);
        for (Map.Entry<String, String> header : request.headers()) {
            String name = header.getKey();
            if (!isHopByHop(name) && !(name.length() == 6 && name.equalsIgnoreCase("expect"))) {
                headers.add(name, header.getValue());
            }
        }
        headers.set(RequestIds.HEADER, (String) context.get(RequestIds.MDC_KEY));
        headers.set("X-Forwarded-For", request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress());
        headers.set("X-Forwarded-Proto", request.scheme());
        return headers;
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

    private static void relay(RoutingContext context, Answer answer) {
        var out = context.response();
        if (out.ended()) {
            return;
        }
        Buffer body = answer.body();
        out.setStatusCode(answer.status());
        copyHeaders(answer.headers().iteratorAsString(), out.headers());
        if (ResponseCompression.applies(context.request().getHeader(io.vertx.core.http.HttpHeaders.ACCEPT_ENCODING),
                answer.headers().get(HttpHeaderNames.CONTENT_ENCODING), answer.headers().get(HttpHeaderNames.CONTENT_TYPE), body.length())) {
            out.headers().remove(io.vertx.core.http.HttpHeaders.CONTENT_LENGTH);
            out.putHeader(io.vertx.core.http.HttpHeaders.CONTENT_ENCODING, "gzip");
            out.headers().add(io.vertx.core.http.HttpHeaders.VARY, "Accept-Encoding");
            out.end(ResponseCompression.gzip(body));
        } else {
            out.end(body);
        }
    }

    /**
     * The service's headers onto the answer, except hop-by-hop ones: a header the service sends replaces the gateway's
     * own of that name (its {@code X-Request-Id}, say), and every value of a repeated one is kept.
     */
    static void copyHeaders(Iterator<Map.Entry<String, String>> from, MultiMap to) {
        List<String> replaced = new ArrayList<>(8);
        while (from.hasNext()) {
            Map.Entry<String, String> header = from.next();
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
