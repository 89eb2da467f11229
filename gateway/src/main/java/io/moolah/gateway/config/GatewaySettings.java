package io.moolah.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Everything the gateway is told from outside: upstreams, timeouts, limits and the resilience policy's numbers. */
@ConfigMapping(prefix = "moolah.gateway")
public interface GatewaySettings {

    /** The public listener (server/PublicServer): HTTPS only, TLS 1.3, HTTP/2 by ALPN. */
    Https https();

    /** Browsers' cross-origin calls (server/PublicRouter). */
    Cors cors();

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

    /**
     * The public HTTPS listener. The gateway serves it from its own Vert.x HTTP server, not Quarkus's (which keeps only
     * the management port): docs/benchmarks.md measured Quarkus's request layer as the largest share of the gateway's CPU
     * per proxied request.
     */
    interface Https {
        /** Address to listen on: loopback locally, 0.0.0.0 in a container. */
        @WithDefault("127.0.0.1")
        String host();

        /** Port to listen on; 0 for any free port (tests), which {@code PublicServer.port()} then tells. */
        @WithDefault("8443")
        int port();

        /** Name of the key store's TLS configuration ({@code quarkus.tls.<name>.*}); its protocols and ciphers apply. */
        @WithDefault("gateway")
        String tlsConfigurationName();

        /** TLS records with BoringSSL (netty-tcnative) when available ({@code openssl}), else the JDK's engine. */
        @WithDefault("openssl")
        String tlsEngine();

        /** A connection that sends or receives nothing for this long is closed. */
        @WithDefault("15s")
        Duration idleTimeout();

        /** Longest request line (HTTP/1.1), in bytes; longer is 414 {@code REQUEST_LINE_TOO_LONG}. */
        @WithDefault("4096")
        int maxInitialLineLength();

        /** Most bytes of headers (HTTP/1.1), and of a header list (HTTP/2); more is 431 {@code HEADERS_TOO_LARGE}. */
        @WithDefault("16384")
        int maxHeaderSize();

        /** Streams one HTTP/2 connection may have open at once. */
        @WithDefault("100")
        int maxConcurrentStreams();

        /** Whether connections start with a PROXY protocol header (a load balancer in front that passes client addresses). */
        @WithDefault("false")
        boolean proxyProtocol();

        /** {@code Strict-Transport-Security} on every answer. */
        @WithDefault("max-age=31536000; includeSubDomains")
        String strictTransportSecurity();
    }

    interface Cors {
        /** Origins whose pages may call the API (the web wallet's and the console's). */
        List<String> origins();

        @WithDefault("GET,POST,OPTIONS")
        List<String> methods();

        /** Request headers a page may send. */
        @WithDefault("Authorization,Content-Type,Idempotency-Key,Min-Version,X-Request-Id,traceparent")
        List<String> headers();

        /** Answer headers a page may read. */
        @WithDefault("X-Request-Id,Retry-After,Idempotent-Replayed,RateLimit,RateLimit-Policy")
        List<String> exposedHeaders();

        /** How long a browser may keep a preflight's answer. */
        @WithDefault("10m")
        Duration maxAge();
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
     * Largest answer the gateway takes from a service (it holds an answer whole before relaying it, to retry or
     * compress it). The API's largest are history pages of at most 100 entries, well under 1 MiB.
     */
    @WithDefault("16777216")
    int maxUpstreamResponseBytes();

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
