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
 * Token buckets in Redis, shared by every gateway replica. One script call per request refills and takes from all of
 * the request's buckets atomically, with Redis's own clock (so replicas' clocks do not matter). Buckets expire once
 * they would be full again. All keys of one call must live on one node: a single Redis, or a cluster with hash tags.
 */
public final class RedisBuckets {
    /**
     * KEYS: the buckets. ARGV: rate and burst of each bucket in turn. Returns {refused bucket (1-based, 0 when all
     * allowed), wait in ms, then the whole tokens left in each bucket}.
     */
    static final String TAKE = """
            local now_parts = redis.call('TIME')
            local now = tonumber(now_parts[1]) * 1000 + math.floor(tonumber(now_parts[2]) / 1000)
            local levels = {}
            local refused = 0
            local wait = 0
            for i = 1, #KEYS do
              local rate = tonumber(ARGV[2 * i - 1])
              local burst = tonumber(ARGV[2 * i])
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
              local rate = tonumber(ARGV[2 * i - 1])
              local burst = tonumber(ARGV[2 * i])
              local tokens = levels[i]
              if refused == 0 then
                tokens = tokens - 1
              end
              redis.call('HSET', KEYS[i], 'tokens', tostring(tokens), 'at', tostring(now))
              redis.call('PEXPIRE', KEYS[i], math.ceil(burst * 1000 / rate) + 1000)
              reply[#reply + 1] = math.floor(tokens)
            end
            return reply""";
    private static final String TAKE_SHA = sha1(TAKE);

    private final RedisAPI redis;

    public RedisBuckets(RedisAPI redis) {
        this.redis = redis;
    }

    public Future<Verdict> take(List<Bucket> buckets) {
        List<String> arguments = new ArrayList<>(2 + buckets.size() * 3);
        arguments.add(TAKE_SHA);
        arguments.add(String.valueOf(buckets.size()));
        buckets.forEach(bucket -> arguments.add(bucket.key()));
        buckets.forEach(bucket -> {
            arguments.add(String.valueOf(bucket.rate()));
            arguments.add(String.valueOf(bucket.burst()));
        });
        return redis.evalsha(arguments)
                .recover(failure -> {
                    if (failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT")) {
                        List<String> withScript = new ArrayList<>(arguments);
                        withScript.set(0, TAKE);
                        return redis.eval(withScript);
                    }
                    return Future.failedFuture(failure);
                })
                .map(reply -> verdict(buckets, reply));
    }

    private static Verdict verdict(List<Bucket> buckets, Response reply) {
        int refused = reply.get(0).toInteger() - 1;
        long wait = reply.get(1).toLong();
        long[] remaining = new long[buckets.size()];
        for (int i = 0; i < remaining.length; i++) {
            remaining[i] = reply.get(2 + i).toLong();
        }
        return Verdict.of(buckets, remaining, refused, wait, true);
    }

    private static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
