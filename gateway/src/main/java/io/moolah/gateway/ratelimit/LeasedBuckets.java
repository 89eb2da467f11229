package io.moolah.gateway.ratelimit;

import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shared buckets, with leases: when a request finds no leased token for one of its buckets, this gateway asks
 * Redis for several at once (5% of the bucket's burst, at least 1, at most {@value #MAX_LEASE}) and spends the rest on
 * the next requests without a round trip. Small buckets (a burst under 40) are therefore exact, one Redis call per
 * request; large ones cost a call every few requests. What a replica may admit beyond a shared bucket is bounded by
 * its unspent lease: under 5% of the burst, for at most {@code leaseNanos}.
 */
final class LeasedBuckets {
    static final double LEASE_SHARE = 0.05;
    static final int MAX_LEASE = 1000;
    private static final int MAX_LEASES = 100_000;

    private final RedisBuckets redis;
    private final long leaseNanos;
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();

    LeasedBuckets(RedisBuckets redis, long leaseNanos) {
        this.redis = redis;
        this.leaseNanos = leaseNanos;
    }

    static int leaseSize(Bucket bucket) {
        return Math.max(1, Math.min(MAX_LEASE, (int) (bucket.burst() * LEASE_SHARE)));
    }

    Future<Verdict> take(List<Bucket> buckets, long nowNanos) {
        if (leases.size() > MAX_LEASES) {
            leases.clear();
        }
        int count = buckets.size();
        Lease[] held = new Lease[count];
        List<Integer> needy = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            held[i] = leases.computeIfAbsent(buckets.get(i).key(), key -> new Lease());
            if (!held[i].trySpend(nowNanos)) {
                needy.add(i);
            }
        }
        if (needy.isEmpty()) {
            return Future.succeededFuture(verdict(buckets, held, -1, 0));
        }
        List<Bucket> asked = new ArrayList<>(needy.size());
        int[] wanted = new int[needy.size()];
        for (int j = 0; j < needy.size(); j++) {
            asked.add(buckets.get(needy.get(j)));
            wanted[j] = leaseSize(asked.get(j));
        }
        return redis.take(asked, wanted)
                .onFailure(failure -> refundAllBut(held, needy, nowNanos))
                .map(grant -> {
                    if (grant.refused() >= 0) {
                        refundAllBut(held, needy, nowNanos);
                        return verdict(buckets, held, needy.get(grant.refused()), grant.waitMillis());
                    }
                    for (int j = 0; j < needy.size(); j++) {
                        held[needy.get(j)].grant(grant.granted()[j], grant.remaining()[j], nowNanos, nowNanos + leaseNanos);
                    }
                    return verdict(buckets, held, -1, 0);
                });
    }

    /** A request that will not go through gives back the tokens it spent from leases. */
    private static void refundAllBut(Lease[] held, List<Integer> needy, long nowNanos) {
        for (int i = 0; i < held.length; i++) {
            if (!needy.contains(i)) {
                held[i].refund(nowNanos);
            }
        }
    }

    private static Verdict verdict(List<Bucket> buckets, Lease[] held, int refused, long waitMillis) {
        long[] remaining = new long[held.length];
        for (int i = 0; i < held.length; i++) {
            remaining[i] = i == refused ? 0 : held[i].remaining();
        }
        return Verdict.of(buckets, remaining, refused, waitMillis, true);
    }
}
