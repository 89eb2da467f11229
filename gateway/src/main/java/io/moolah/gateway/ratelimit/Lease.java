package io.moolah.gateway.ratelimit;

/**
 * Tokens this gateway took from a shared Redis bucket ahead of need, so that most requests are decided without a
 * round trip. Spent one by one; what is left when it expires is simply lost (never handed back: erring towards
 * stricter limits). {@code sharedRemaining} is what Redis had left when the lease was granted, for the headers.
 */
final class Lease {
    private int tokens;
    private long expiresAtNanos;
    private long sharedRemaining;

    /** Spends one token if the lease has one and has not expired. */
    synchronized boolean trySpend(long nowNanos) {
        if (tokens > 0 && nowNanos - expiresAtNanos < 0) {
            tokens--;
            return true;
        }
        return false;
    }

    /** Puts back a token spent for a request that was refused by another of its buckets. */
    synchronized void refund(long nowNanos) {
        if (nowNanos - expiresAtNanos < 0) {
            tokens++;
        }
    }

    /** Adds tokens granted by Redis (one of them already spent by the request that asked). */
    synchronized void grant(int granted, long sharedRemaining, long nowNanos, long expiresAtNanos) {
        if (this.expiresAtNanos - nowNanos < 0) {
            tokens = 0;
        }
        tokens += Math.max(0, granted - 1);
        this.sharedRemaining = sharedRemaining;
        this.expiresAtNanos = expiresAtNanos;
    }

    /** Tokens left here plus those Redis had when it granted them: the estimate the RateLimit header reports. */
    synchronized long remaining() {
        return sharedRemaining + tokens;
    }
}
