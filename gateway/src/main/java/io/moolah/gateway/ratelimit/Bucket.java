package io.moolah.gateway.ratelimit;

/** One token bucket a request draws from: its policy's name, its key, and the rate and size in force now. */
public record Bucket(String policy, String key, double rate, int burst) {
    public Bucket {
        if (rate <= 0 || burst < 1) {
            throw new IllegalArgumentException("a bucket needs a positive rate and a burst of at least 1: " + policy);
        }
    }

    /** Seconds an empty bucket takes to fill: the window the RateLimit-Policy header announces. */
    public long windowSeconds() {
        return Math.max(1, (long) Math.ceil(burst / rate));
    }
}
