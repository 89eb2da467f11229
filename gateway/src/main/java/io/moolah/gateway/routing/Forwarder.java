package io.moolah.gateway.routing;

import io.moolah.gateway.config.GatewaySettings;
import io.moolah.gateway.exchange.Exchange;
import io.moolah.gateway.exchange.GatewayProblems;
import io.moolah.gateway.exchange.HeaderNames;
import io.moolah.gateway.exchange.RouteTable;
import io.moolah.gateway.exchange.RouteTable.Route;
import io.moolah.gateway.metrics.GatewayMetrics;
import io.moolah.gateway.ratelimit.LoadShedder;
import io.moolah.gateway.upstream.UpstreamClient;
import io.moolah.gateway.upstream.UpstreamClient.Answer;
import io.moolah.gateway.upstream.UpstreamInstance;
import io.moolah.gateway.upstream.UpstreamPool;
import io.moolah.gateway.upstream.Upstreams;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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
    private record Attempts(Exchange exchange, Route route, UpstreamPool pool, Buffer body, boolean retryable,
                            Set<UpstreamInstance> tried) {
    }

    public void forward(Exchange exchange) {
        Route route = exchange.route();
        UpstreamPool pool = upstreams.pool(route.upstream());
        if (pool == null || pool.instances().isEmpty()) {
            GatewayProblems.send(exchange, 503, "UPSTREAM_UNAVAILABLE", "Service unavailable",
                    "The " + route.upstream() + " service is not configured.");
            return;
        }
        long now = System.nanoTime();
        if (!pool.breaker().tryAcquire(now)) {
            metrics.refusedFast(pool.name(), "circuit-open");
            long seconds = Math.max(1, (pool.breaker().remainingOpenNanos(now) + 999_999_999L) / 1_000_000_000L);
            exchange.responseHeaders().set("Retry-After", String.valueOf(seconds));
            GatewayProblems.send(exchange, 503, "UPSTREAM_CIRCUIT_OPEN", "Service unavailable",
                    "The " + pool.name() + " service is failing; requests to it pause briefly. Try again later.");
            return;
        }
        String method = exchange.method().name();
        boolean retryable = mayRepeat(route, method, exchange.headers().contains(HeaderNames.IDEMPOTENCY_KEY));
        attempt(new Attempts(exchange, route, pool, exchange.body(), retryable, new HashSet<>(4)), null);
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

    private void attempt(Attempts attempts, Throwable previousFailure) {
        if (attempts.exchange().ended()) {
            return;
        }
        UpstreamPool pool = attempts.pool();
        UpstreamInstance instance = pool.next(attempts.tried(), System.nanoTime());
        if (instance == null) {
            pool.breaker().recordFailure(System.nanoTime());
            if (previousFailure == null) {
                metrics.refusedFast(pool.name(), "no-available-instance");
                GatewayProblems.send(attempts.exchange(), 503, "UPSTREAM_UNAVAILABLE", "Service unavailable",
                        "No instance of the " + pool.name() + " service is available; try again.");
            } else {
                fail(attempts.exchange(), pool.name(), previousFailure);
            }
            return;
        }
        attempts.tried().add(instance);
        long started = System.nanoTime();
        Exchange exchange = attempts.exchange();
        client.send(exchange.eventLoop(), instance, exchange.method(), instance.pathPrefix() + originForm(exchange),
                forwardedHeaders(exchange), attempts.body(), settings.upstreamTimeout().toMillis(), new UpstreamClient.Callback() {
                    @Override
                    public void answered(Answer answer) {
                        long now = System.nanoTime();
                        Forwarder.this.answered(attempts, instance, answer, now - started, now);
                    }

                    @Override
                    public void failed(Throwable failure) {
                        long now = System.nanoTime();
                        Forwarder.this.failed(attempts, instance, failure, now - started, now);
                    }
                });
    }

    private void answered(Attempts exchange, UpstreamInstance instance, Answer answer, long nanos, long now) {
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
                answer.body().release();
                metrics.retried(instance.upstream());
                attempt(exchange, null);
                return;
            }
            exchange.pool().breaker().recordFailure(now);
        } else {
            instance.answered();
            exchange.pool().breaker().recordSuccess();
        }
        relay(exchange.exchange(), answer);
    }

    private void failed(Attempts exchange, UpstreamInstance instance, Throwable failure, long nanos, long now) {
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
        fail(exchange.exchange(), instance.upstream(), failure);
    }

    private boolean mayRetry(Attempts attempts) {
        return attempts.retryable() && attempts.tried().size() <= settings.maxRetries() && !attempts.exchange().ended();
    }

    /**
     * The client's headers as the service gets them: hop-by-hop ones and {@code Expect} dropped (the gateway answered
     * the expectation and holds the whole body), the request id and {@code X-Forwarded-*} set. Netty's header map
     * without validation: every name and value was decoded and checked by the server's request decoder, or is the
     * gateway's own (validating each copy was about 2% of the gateway's CPU under load). The client's header map is
     * edited in place (nothing reads the dropped ones after this step), not copied: every copied header was hashed
     * again.
     */
    private static HttpHeaders forwardedHeaders(Exchange exchange) {
        HttpHeaders headers = exchange.headers();
        List<CharSequence> dropped = null;
        Iterator<Map.Entry<CharSequence, CharSequence>> sent = headers.iteratorCharSequence();
        while (sent.hasNext()) {
            CharSequence name = sent.next().getKey();
            if (isHopByHop(name) || (name.length() == 6 && is(name, "expect")) || isHttp2Extension(name)) {
                if (dropped == null) {
                    dropped = new ArrayList<>(4);
                }
                dropped.add(name);
            }
        }
        if (dropped != null) {
            for (CharSequence name : dropped) {
                headers.remove(name);
            }
        }
        headers.set(HeaderNames.REQUEST_ID, exchange.requestId());
        if (exchange.traceParent() != null) {
            headers.set(HeaderNames.TRACE_PARENT, exchange.traceParent());
        }
        headers.set("X-Forwarded-For", exchange.remoteAddress());
        headers.set("X-Forwarded-Proto", "https");
        return headers;
    }

    /** Headers Netty's HTTP/2 to HTTP/1.1 conversion adds ({@code x-http2-stream-id}, {@code x-http2-scheme}): never sent by the client. */
    private static boolean isHttp2Extension(CharSequence name) {
        return name.length() > 8 && io.netty.util.AsciiString.regionMatches(name, true, 0, "x-http2-", 0, 8);
    }

    /** Whether a header is the connection's own (RFC 9110 7.6.1), or one the gateway sets anew; without allocating. */
    static boolean isHopByHop(CharSequence name) {
        return switch (name.length()) {
            case 2 -> is(name, "te");
            case 4 -> is(name, "host");
            case 7 -> is(name, "trailer") || is(name, "upgrade");
            case 10 -> is(name, "connection") || is(name, "keep-alive");
            case 14 -> is(name, "content-length");
            case 17 -> is(name, "transfer-encoding");
            case 18 -> is(name, "proxy-authenticate");
            case 19 -> is(name, "proxy-authorization");
            default -> false;
        };
    }

    private static boolean is(CharSequence name, String lowerCase) {
        return io.netty.util.AsciiString.contentEqualsIgnoreCase(name, lowerCase);
    }

    /**
     * The path the request was routed on and its query. Of an absolute-form target ({@code GET https://host/path}),
     * which HTTP/1.1 servers must accept, the scheme and authority are dropped: requests only ever go to the upstream.
     */
    private static String originForm(Exchange exchange) {
        String query = exchange.query();
        return query == null ? exchange.path() : exchange.path() + "?" + query;
    }

    private static void relay(Exchange exchange, Answer answer) {
        if (exchange.ended()) {
            answer.body().release();
            return;
        }
        ByteBuf body = answer.body();
        HttpHeaders out = exchange.responseHeaders();
        exchange.status(answer.status());
        copyHeaders(answer.headers().iteratorCharSequence(), out);
        if (ResponseCompression.applies(exchange.header(HttpHeaderNames.ACCEPT_ENCODING),
                answer.headers().get(HttpHeaderNames.CONTENT_ENCODING), answer.headers().get(HttpHeaderNames.CONTENT_TYPE), body.readableBytes())) {
            out.set(HttpHeaderNames.CONTENT_ENCODING, "gzip");
            out.add(HttpHeaderNames.VARY, "Accept-Encoding");
            ByteBuf compressed = Unpooled.wrappedBuffer(ResponseCompression.gzip(body));
            body.release();
            exchange.end(compressed);
        } else {
            exchange.end(body);
        }
    }

    /**
     * The service's headers onto the answer, except hop-by-hop ones: a header the service sends replaces the gateway's
     * own of that name (its {@code X-Request-Id}, say), and every value of a repeated one is kept.
     */
    static void copyHeaders(Iterator<? extends Map.Entry<? extends CharSequence, ? extends CharSequence>> from, HttpHeaders to) {
        List<CharSequence> replaced = new ArrayList<>(8);
        while (from.hasNext()) {
            Map.Entry<? extends CharSequence, ? extends CharSequence> header = from.next();
            CharSequence name = header.getKey();
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

    private static boolean containsIgnoreCase(List<CharSequence> names, CharSequence name) {
        for (int i = 0; i < names.size(); i++) {
            if (io.netty.util.AsciiString.contentEqualsIgnoreCase(names.get(i), name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTimeout(Throwable failure) {
        return failure instanceof TimeoutException || failure.getClass().getSimpleName().contains("Timeout");
    }

    private static void fail(Exchange exchange, String upstream, Throwable failure) {
        if (exchange.ended()) {
            return;
        }
        if (isTimeout(failure)) {
            GatewayProblems.send(exchange, 504, "UPSTREAM_TIMEOUT", "Gateway timeout", "The " + upstream + " service did not answer in time.");
        } else {
            if (!(failure instanceof ConnectException)) {
                LOG.warnf("forwarding to %s failed: %s", upstream, failure.toString());
            }
            GatewayProblems.send(exchange, 503, "UPSTREAM_UNAVAILABLE", "Service unavailable", "The " + upstream + " service is unavailable; try again.");
        }
    }
}
