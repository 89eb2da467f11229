package io.moolah.gateway.ratelimit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Token buckets in this gateway's memory: the fallback while Redis cannot be reached, with the same arithmetic as the
 * Redis script. Each replica then limits on its own (a client spread over N replicas may get up to N times the rate):
 * neither failing open nor refusing everyone. One lock for all buckets keeps a multi-bucket take atomic; the work under
 * it is a few map lookups.
 */
public final class LocalBuckets {
    /** Buckets kept before the whole table is dropped (a full bucket and a forgotten one are the same thing). */
    static final int MAX_BUCKETS = 100_000;

    private static final class Level {
        double tokens;
        long atNanos;
    }

    private final Map<String, Level> levels = new HashMap<>();

    public synchronized Verdict take(List<Bucket> buckets, long nowNanos) {
        if (levels.size() > MAX_BUCKETS) {
            levels.clear();
        }
        long[] remaining = new long[buckets.size()];
        Level[] current = new Level[buckets.size()];
        int refused = -1;
        long wait = 0;
        for (int i = 0; i < buckets.size(); i++) {
            Bucket bucket = buckets.get(i);
            Level level = levels.computeIfAbsent(bucket.key(), key -> {
                Level fresh = new Level();
                fresh.tokens = bucket.burst();
                fresh.atNanos = nowNanos;
                return fresh;
            });
            double elapsedSeconds = Math.max(0, nowNanos - level.atNanos) / 1e9;
            level.tokens = Math.min(bucket.burst(), level.tokens + elapsedSeconds * bucket.rate());
            level.atNanos = nowNanos;
            current[i] = level;
            if (level.tokens < 1) {
                long bucketWait = (long) Math.ceil((1 - level.tokens) * 1000 / bucket.rate());
                if (refused < 0 || bucketWait > wait) {
                    refused = i;
                    wait = bucketWait;
                }
            }
        }
        for (int i = 0; i < current.length; i++) {
            if (refused < 0) {
                current[i].tokens -= 1;
            }
            remaining[i] = (long) Math.floor(current[i].tokens);
        }
        return Verdict.of(buckets, remaining, refused, wait, false);
    }
}
