package io.moolah.gateway.ratelimit;

import io.moolah.gateway.config.GatewaySettings;
import io.moolah.gateway.exchange.ClientConnection;
import io.moolah.gateway.exchange.Exchange;
import io.moolah.gateway.exchange.GatewayProblems;
import io.moolah.gateway.exchange.HeaderNames;
import io.moolah.gateway.exchange.RouteTable.Kind;
import io.moolah.gateway.exchange.RouteTable.Route;
import io.moolah.platform.security.Caller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.RedisAPI;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Admits or refuses each request by token buckets (policy in gateway/README.md): one per client address (a stricter
 * one for login and registration, a separate one for provider webhooks) and, for signed-in callers, one per customer
 * for reads and one for everything else. Buckets live in Redis so all replicas share them (taken a few tokens at a
 * time by {@link LeasedBuckets}, so most requests need no round trip); when Redis does not answer
 * within {@code redis-timeout}, local buckets decide for {@code redis-retry-after}. Rates are scaled by the
 * {@link LoadShedder}'s share for the route's upstream. Every answer carries RateLimit-Policy and RateLimit headers
 * (draft-ietf-httpapi-ratelimit-headers); a refusal is 429 with Retry-After.
 */
@Singleton
public class RateLimiter {
    private static final Logger LOG = Logger.getLogger(RateLimiter.class);

    @Inject
    GatewaySettings settings;

    @Inject
    LoadShedder shedder;

    @Inject
    RedisAPI redisApi;

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry registry;

    /** How long tokens leased from Redis may be spent here before they lapse. */
    static final long LEASE_NANOS = 1_000_000_000L;

    private LeasedBuckets shared;
    private final LocalBuckets local = new LocalBuckets();
    private final AtomicLong redisSkippedUntil = new AtomicLong(System.nanoTime());
    private final Map<String, Counter> rejections = new ConcurrentHashMap<>();

    void start(@Observes StartupEvent event) {
        shared = new LeasedBuckets(new RedisBuckets(redisApi), LEASE_NANOS);
        Gauge.builder("moolah.gateway.ratelimit.shared", this, limiter -> limiter.isShared() ? 1 : 0)
                .description("1 while rate limits are kept in Redis and shared by replicas, 0 while local").register(registry);
    }

    /** Whether the buckets in use now are Redis's (shared) rather than this replica's own. */
    public boolean isShared() {
        return System.nanoTime() - redisSkippedUntil.get() >= 0;
    }

    /** Route handler: admits the request to the next handler or answers 429. */
    public void admit(Exchange exchange) {
        if (!settings.rateLimits().enabled()) {
            exchange.next();
            return;
        }
        Route route = exchange.route();
        Caller caller = exchange.caller();
        List<Bucket> buckets = bucketsFor(route, exchange.method().name(), caller, exchange.connection());
        take(buckets).onComplete(decided -> {
            if (exchange.ended()) {
                return;
            }
            Verdict verdict = decided.result();
            describe(exchange, verdict);
            if (verdict.allowed()) {
                exchange.next();
            } else {
                rejections.computeIfAbsent(verdict.binding().policy(), policy -> Counter.builder("moolah.gateway.ratelimit.rejections")
                        .description("Requests refused with 429, by the policy that refused them")
                        .tag("policy", policy).register(registry)).increment();
                exchange.responseHeaders().set("Retry-After", String.valueOf(Math.max(1, (verdict.waitMillis() + 999) / 1000)));
                GatewayProblems.send(exchange, 429, "RATE_LIMITED", "Too many requests",
                        "Too many requests (" + verdict.binding().policy() + "); retry after the time in Retry-After.");
            }
        });
    }

    /** The buckets one request draws from, rates already scaled for its upstream's health. */
    List<Bucket> bucketsFor(Route route, String method, Caller caller, ClientConnection connection) {
        GatewaySettings.RateLimits limits = settings.rateLimits();
        UpstreamLoad load = shedder.load(route.upstream());
        boolean read = Route.isRead(method);
        double share = read ? load.readFactor() : load.writeFactor();
        String prefix = limits.keyPrefix();
        List<Bucket> buckets = new ArrayList<>(2);
        switch (route.kind()) {
            case WEBHOOK -> buckets.add(bucket("address-webhook", connection.addressKey(2, prefix, "webhook:"), limits.addressWebhook(), load.writeFactor()));
            case AUTH -> {
                buckets.add(bucket("address", connection.addressKey(0, prefix, "address:"), limits.address(), share));
                buckets.add(bucket("address-auth", connection.addressKey(1, prefix, "auth:"), limits.addressAuth(), share));
            }
            default -> buckets.add(bucket("address", connection.addressKey(0, prefix, "address:"), limits.address(), share));
        }
        if (caller != null && route.kind() == Kind.API) {
            buckets.add(read
                    ? bucket("customer-read", connection.customerKey(prefix, true, caller), limits.customerRead(), share)
                    : bucket("customer-write", connection.customerKey(prefix, false, caller), limits.customerWrite(), share));
        }
        return buckets;
    }

    private static Bucket bucket(String policy, String key, GatewaySettings.Policy configured, double share) {
        return new Bucket(policy, key, configured.rate() * share, Math.max(1, (int) Math.round(configured.burst() * share)));
    }

    /** Leased tokens when there are, else Redis when it answers in time, else this replica's buckets. Never fails. */
    Future<Verdict> take(List<Bucket> buckets) {
        if (!isShared()) {
            return Future.succeededFuture(local.take(buckets, System.nanoTime()));
        }
        Future<Verdict> asked = shared.take(buckets, System.nanoTime());
        if (asked.succeeded()) {
            return asked;
        }
        Promise<Verdict> decided = Promise.promise();
        long timer = vertx.setTimer(settings.rateLimits().redisTimeout().toMillis(),
                id -> fallBack(decided, buckets, "no answer in " + settings.rateLimits().redisTimeout().toMillis() + " ms"));
        asked.onComplete(answer -> {
            vertx.cancelTimer(timer);
            if (answer.succeeded()) {
                decided.tryComplete(answer.result());
            } else {
                fallBack(decided, buckets, String.valueOf(answer.cause()));
            }
        });
        return decided.future();
    }

    private void fallBack(Promise<Verdict> decided, List<Bucket> buckets, String why) {
        if (decided.future().isComplete()) {
            return;
        }
        long now = System.nanoTime();
        long previous = redisSkippedUntil.getAndSet(now + settings.rateLimits().redisRetryAfter().toNanos());
        if (now - previous >= 0) {
            LOG.warnf("rate limits fall back to local buckets for %d ms: Redis %s", settings.rateLimits().redisRetryAfter().toMillis(), why);
        }
        decided.tryComplete(local.take(buckets, now));
    }

    private void describe(Exchange exchange, Verdict verdict) {
        Bucket bucket = verdict.binding();
        long secondsToFull = Math.max(0, (long) Math.ceil((bucket.burst() - verdict.remaining()) / bucket.rate()));
        exchange.responseHeaders()
                .set(HeaderNames.RATE_LIMIT_POLICY, policyHeader(bucket))
                .set(HeaderNames.RATE_LIMIT, "\"" + bucket.policy() + "\";r=" + verdict.remaining() + ";t=" + secondsToFull);
    }

    /** A policy's RateLimit-Policy value, the same for every request until shedding changes its size: made once per size. */
    private record PolicyHeader(int burst, long window, String value) {
    }

    private final Map<String, PolicyHeader> policyHeaders = new ConcurrentHashMap<>();

    private String policyHeader(Bucket bucket) {
        PolicyHeader known = policyHeaders.get(bucket.policy());
        long window = bucket.windowSeconds();
        if (known == null || known.burst() != bucket.burst() || known.window() != window) {
            known = new PolicyHeader(bucket.burst(), window, "\"" + bucket.policy() + "\";q=" + bucket.burst() + ";w=" + window);
            policyHeaders.put(bucket.policy(), known);
        }
        return known.value();
    }
}
