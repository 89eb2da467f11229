package io.moolah.gateway.ratelimit;

import java.util.List;

/**
 * The answer for one request over all its buckets: taken from every one, or from none. {@code binding} is the bucket
 * that refused (or, when all allowed, the one with fewest tokens left), which the RateLimit headers describe.
 */
public record Verdict(boolean allowed, Bucket binding, long remaining, long waitMillis, boolean shared) {

    /** Builds a verdict from per-bucket remaining tokens and the index of the refusing bucket (-1 if none). */
    static Verdict of(List<Bucket> buckets, long[] remaining, int refused, long waitMillis, boolean shared) {
        int binding = refused;
        if (binding < 0) {
            binding = 0;
            for (int i = 1; i < remaining.length; i++) {
                if (remaining[i] < remaining[binding]) {
                    binding = i;
                }
            }
        }
        return new Verdict(refused < 0, buckets.get(binding), Math.max(0, remaining[binding]), waitMillis, shared);
    }
}
