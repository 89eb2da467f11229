package io.moolah.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Everything the gateway is told from outside: upstreams, timeouts, limits and the resilience policy's numbers. */
@ConfigMapping(prefix = "moolah.gateway")
public interface GatewaySettings {

    Revocations revocations();

    AccessLog accessLog();

    /** One line per request on standard output, written in batches (telemetry/AccessLog). */
    interface AccessLog {
        @WithDefault("true")
        boolean enabled();

        /** Longest a line waits in its batch before it is written. */
        @WithDefault("1s")
        Duration flushInterval();

        /** A batch this large (characters) is written at once. */
        @WithDefault("32768")
        int batchSize();
    }

    /** How often the revoked sessions are asked of the account-service (security/RevokedSessions). */
    interface Revocations {
        @WithDefault("500ms")
        Duration interval();
    }

    /** Upstream services by name (account, transaction, payment, cache), each with its instances' base URLs. */
    Map<String, Upstream> upstreams();

    /** Longest wait for an upstream's answer before the client gets 504. */
    @WithDefault("10s")
    Duration upstreamTimeout();

    @WithDefault("2s")
    Duration connectTimeout();

    /**
     * Most connections each event loop keeps to one upstream instance. Fewer, busier connections let a service read
     * several requests per wake-up (see docs/benchmarks.md); more allow more requests in flight per event loop.
     */
    @WithDefault("32")
    int upstreamConnectionsPerEventLoop();

    /**
     * Whether answers say which service gave them ({@code X-Moolah-Service}). Off for the public: it names the
     * platform's insides. Tests and debugging sessions turn it on.
     */
    @WithDefault("false")
    boolean exposeServedBy();

    /** Largest request body accepted, in bytes; larger bodies get 413 before reaching a service. */
    @WithDefault("1048576")
    int maxBodyBytes();

    /** Longest a request body may take to arrive, whole; past it the client gets 408 and the connection closes. */
    @WithDefault("10s")
    java.time.Duration bodyReadTimeout();

    /** Most connections one client address may hold open at once; more are closed as they send their first request. */
    @WithDefault("256")
    int maxConnectionsPerAddress();

    /** Largest provider notification accepted on the public webhook paths. */
    @WithDefault("65536")
    int maxWebhookBodyBytes();

    /**
     * Request-body bytes all requests together may hold in memory at once (a body's declared Content-Length is
     * reserved up front, else its bytes as they arrive, until its exchange ends). A body that would pass it is
     * refused with 503 {@code GATEWAY_BUSY} and {@code Retry-After: 1}, its bytes dropped: unfinished bodies cannot
     * exhaust the heap (-Xmx256m).
     */
    @WithDefault("67108864")
    long maxBufferedBodyBytes();

    /** How many more instances a safe or idempotent request may be tried on after a connection failure or 502/503. */
    @WithDefault("2")
    int maxRetries();

    HealthChecks healthChecks();

    Ejection ejection();

    CircuitBreaker circuitBreaker();

    RateLimits rateLimits();

    Shedding shedding();

    interface Upstream {
        List<String> urls();
    }

    /** Active checks: every instance's {@code /q/health/ready}, on a timer. */
    interface HealthChecks {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("2s")
        Duration interval();

        @WithDefault("1s")
        Duration timeout();
    }

    /** Passive checks: an instance that fails requests is left out for a while. */
    interface Ejection {
        /** How long an ejected instance gets no traffic (the active check can bring it back sooner). */
        @WithDefault("10s")
        Duration duration();

        /** 5xx answers in a row that eject an instance; a connection failure ejects at once. */
        @WithDefault("3")
        int consecutiveErrors();
    }

    /** One breaker per upstream, over its last {@code window} outcomes. */
    interface CircuitBreaker {
        @WithDefault("20")
        int window();

        /** Fewest outcomes in the window before the ratio is trusted. */
        @WithDefault("10")
        int minimumCalls();

        @WithDefault("0.5")
        double failureRatio();

        /** How long an open breaker refuses before letting one trial request through. */
        @WithDefault("5s")
        Duration openFor();
    }

    /** Token buckets, shared through Redis by every gateway replica. */
    interface RateLimits {
        @WithDefault("true")
        boolean enabled();

        /** Redis key prefix of the buckets; replicas that share limits share the prefix. */
        @WithDefault("moolah:ratelimit:")
        String keyPrefix();

        /** Longest wait for Redis before this request is decided by the local buckets instead. */
        @WithDefault("100ms")
        Duration redisTimeout();

        /** After a Redis failure, how long local buckets decide before Redis is tried again. */
        @WithDefault("2s")
        Duration redisRetryAfter();

        /** Reads (GET) by one customer. */
        Policy customerRead();

        /** Everything else by one customer: money movement and account changes. */
        Policy customerWrite();

        /** Every request from one client address. */
        Policy address();

        /** Register, login and refresh from one client address (guessing PINs is what this slows). */
        Policy addressAuth();

        /** Provider notifications from one address (public, authenticated by signature further in). */
        Policy addressWebhook();
    }

    /** A bucket: {@code rate} tokens a second, holding at most {@code burst}. */
    interface Policy {
        double rate();

        int burst();
    }

    /** Adaptive limits per upstream: how unhealthy it must look before limits tighten, and how they recover. */
    interface Shedding {
        @WithDefault("1s")
        Duration interval();

        /** Mean upstream latency over an interval above which limits for that upstream tighten. */
        @WithDefault("750ms")
        Duration latencyThreshold();

        /** Share of failed upstream attempts (5xx, timeouts, connection failures) above which limits tighten. */
        @WithDefault("0.25")
        double errorRateThreshold();

        /** Fewest attempts in an interval for it to count. */
        @WithDefault("20")
        int minimumSamples();

        /** Tightest the limits get: this share of the configured rate (reads; money keeps its square root). */
        @WithDefault("0.1")
        double minimumFactor();

        /** How much of the configured rate comes back each healthy interval. */
        @WithDefault("0.1")
        double recoveryStep();
    }
}
