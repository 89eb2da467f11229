package io.moolah.gateway.ratelimit;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Token buckets in Redis, shared by every gateway replica. One script call refills and takes from all of a request's
 * buckets atomically, with Redis's own clock (so replicas' clocks do not matter); it may take several tokens at once
 * for a {@link Lease}. Buckets expire once they would be full again. All keys of one call must live on one node: a single Redis, or a cluster with hash tags.
 */
public final class RedisBuckets {
    /**
     * KEYS: the buckets. ARGV: rate, burst and tokens wanted for each bucket in turn. Refills every bucket; when one
     * has less than a whole token the request is refused and nothing is taken. Otherwise each bucket gives what was
     * wanted, or all its whole tokens if fewer (at least one). Returns {refused bucket (1-based, 0 when allowed), wait in
     * ms, then for each bucket: tokens granted, whole tokens left}.
     */
    static final String TAKE = """
            local now_parts = redis.call('TIME')
            local now = tonumber(now_parts[1]) * 1000 + math.floor(tonumber(now_parts[2]) / 1000)
            local levels = {}
            local refused = 0
            local wait = 0
            for i = 1, #KEYS do
              local rate = tonumber(ARGV[3 * i - 2])
              local burst = tonumber(ARGV[3 * i - 1])
              local stored = redis.call('HMGET', KEYS[i], 'tokens', 'at')
              local tokens = tonumber(stored[1])
              local at = tonumber(stored[2])
              if tokens == nil or at == nil then
                tokens = burst
                at = now
              end
              tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
              levels[i] = tokens
              if tokens < 1 then
                local bucket_wait = math.ceil((1 - tokens) * 1000 / rate)
                if refused == 0 or bucket_wait > wait then
                  refused = i
                  wait = bucket_wait
                end
              end
            end
            local reply = {refused, wait}
            for i = 1, #KEYS do
              local rate = tonumber(ARGV[3 * i - 2])
              local burst = tonumber(ARGV[3 * i - 1])
              local tokens = levels[i]
              local granted = 0
              if refused == 0 then
                granted = math.min(tonumber(ARGV[3 * i]), math.floor(tokens))
                tokens = tokens - granted
              end
              redis.call('HSET', KEYS[i], 'tokens', tostring(tokens), 'at', tostring(now))
              redis.call('PEXPIRE', KEYS[i], math.ceil(burst * 1000 / rate) + 1000)
              reply[#reply + 1] = granted
              reply[#reply + 1] = math.floor(tokens)
            end
            return reply""";
    private static final String TAKE_SHA = sha1(TAKE);

    private final RedisAPI redis;

    public RedisBuckets(RedisAPI redis) {
        this.redis = redis;
    }

    /** What Redis answered: the refused bucket's index (-1 if none), the wait, and per bucket granted and left. */
    public record Grant(int refused, long waitMillis, int[] granted, long[] remaining) {
    }

    /** Takes {@code wanted[i]} tokens (or as many whole ones as there are) from each bucket, or none from any. */
    public Future<Grant> take(List<Bucket> buckets, int[] wanted) {
        List<String> arguments = new ArrayList<>(2 + buckets.size() * 4);
        arguments.add(TAKE_SHA);
        arguments.add(String.valueOf(buckets.size()));
        buckets.forEach(bucket -> arguments.add(bucket.key()));
        for (int i = 0; i < buckets.size(); i++) {
            arguments.add(String.valueOf(buckets.get(i).rate()));
            arguments.add(String.valueOf(buckets.get(i).burst()));
            arguments.add(String.valueOf(wanted[i]));
        }
        return redis.evalsha(arguments)
                .recover(failure -> {
                    if (failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT")) {
                        List<String> withScript = new ArrayList<>(arguments);
                        withScript.set(0, TAKE);
                        return redis.eval(withScript);
                    }
                    return Future.failedFuture(failure);
                })
                .map(reply -> grant(buckets.size(), reply));
    }

    private static Grant grant(int buckets, Response reply) {
        int[] granted = new int[buckets];
        long[] remaining = new long[buckets];
        for (int i = 0; i < buckets; i++) {
            granted[i] = reply.get(2 + 2 * i).toInteger();
            remaining[i] = reply.get(3 + 2 * i).toLong();
        }
        return new Grant(reply.get(0).toInteger() - 1, reply.get(1).toLong(), granted, remaining);
    }

    private static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
