package io.moolah.gateway.upstream;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One instance of an upstream service and what the gateway believes about it: the last active health check's verdict
 * and, after failed requests, an ejection that lasts a while (passive health checking).
 */
public final class UpstreamInstance {
    private final String upstream;
    private final String baseUrl;
    private final String host;
    private final int port;
    private final boolean ssl;
    private final String pathPrefix;
    private final String hostHeader;
    private final long ejectionNanos;
    private final int consecutiveErrorsToEject;
    private final AtomicInteger consecutiveErrors = new AtomicInteger();
    /** Optimistic until the first check says otherwise, so a gateway serves from its first request. */
    private volatile boolean checkedHealthy = true;
    private volatile boolean ejected;
    private volatile long ejectedUntilNanos;

    public UpstreamInstance(String upstream, String url, long ejectionNanos, int consecutiveErrorsToEject) {
        this.upstream = upstream;
        this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        java.net.URI parsed = java.net.URI.create(baseUrl);
        this.host = parsed.getHost();
        this.ssl = "https".equalsIgnoreCase(parsed.getScheme());
        this.port = parsed.getPort() > 0 ? parsed.getPort() : ssl ? 443 : 80;
        this.pathPrefix = parsed.getRawPath() == null ? "" : parsed.getRawPath();
        this.hostHeader = parsed.getRawAuthority();
        this.ejectionNanos = ejectionNanos;
        this.consecutiveErrorsToEject = consecutiveErrorsToEject;
    }

    public String upstream() {
        return upstream;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** The base URL's parts, parsed once: a forwarded request names host, port and path without parsing a URL. */
    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public boolean ssl() {
        return ssl;
    }

    /** The {@code Host} a forwarded request names: the base URL's authority. */
    public String hostHeader() {
        return hostHeader;
    }

    /** The base URL's path ("" for a bare origin), put before every forwarded path. */
    public String pathPrefix() {
        return pathPrefix;
    }

    /** Whether requests may go here now: the last check passed and no ejection is running. */
    public boolean isAvailable(long nowNanos) {
        return checkedHealthy && (!ejected || nowNanos - ejectedUntilNanos >= 0);
    }

    public boolean isAvailable() {
        return isAvailable(System.nanoTime());
    }

    /** Whether requests failed here so recently that it is out (whatever the active check says). */
    public boolean isEjected(long nowNanos) {
        return ejected && nowNanos - ejectedUntilNanos < 0;
    }

    /** A request got an answer that was not a server error. */
    public void answered() {
        consecutiveErrors.set(0);
    }

    /** The instance answered 5xx; enough of them in a row eject it. */
    public void answeredWithServerError(long nowNanos) {
        if (consecutiveErrors.incrementAndGet() >= consecutiveErrorsToEject) {
            eject(nowNanos);
        }
    }

    /** The instance could not be reached or dropped the connection: out at once. */
    public void unreachable(long nowNanos) {
        eject(nowNanos);
    }

    private void eject(long nowNanos) {
        consecutiveErrors.set(0);
        ejectedUntilNanos = nowNanos + ejectionNanos;
        ejected = true;
    }

    /**
     * The active check's verdict; returns whether it changed. An instance coming back from a failed check also ends its
     * ejection (it was restarted); a passing check alone does not end an ejection for 5xx answers.
     */
    public boolean checked(boolean ready, long nowNanos) {
        boolean wasHealthy = checkedHealthy;
        checkedHealthy = ready;
        if (ready && !wasHealthy) {
            ejected = false;
        }
        return ready != wasHealthy;
    }

    /** The last active check's verdict. */
    public boolean passedLastCheck() {
        return checkedHealthy;
    }

    @Override
    public String toString() {
        return upstream + "@" + baseUrl;
    }
}
