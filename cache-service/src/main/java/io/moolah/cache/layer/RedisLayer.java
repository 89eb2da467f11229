package io.moolah.cache.layer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moolah.cache.config.CacheSettings;
import io.moolah.cache.model.BalanceSnapshot;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * L2: balances in Redis, shared by every cache-service replica. A write is a script that keeps the stored version
 * unless the new one is higher, so replicas and late events never move a balance backwards. Redis being down is not
 * an error here: reads and writes skip L2 (for {@code moolah.cache.l2-retry-after} after a failure) and the service
 * keeps answering from L1 and L3; {@link #isAvailable()} feeds the health check.
 */
@ApplicationScoped
public class RedisLayer {
    private static final Logger LOG = Logger.getLogger(RedisLayer.class);
    private static final String KEY_PREFIX = "moolah:cache:balance:";
    private static final String PAGE_PREFIX = "moolah:cache:history:";
    /** KEYS[1] the wallet's key; ARGV: version, JSON, expiry in ms. Returns 1 when written. */
    private static final String PUT_IF_NEWER = """
            local stored = redis.call('HGET', KEYS[1], 'v')
            if stored and tonumber(stored) >= tonumber(ARGV[1]) then return 0 end
            redis.call('HSET', KEYS[1], 'v', ARGV[1], 'json', ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1""";

    /**
     * {@link #PUT_IF_NEWER} for many keys in one call: KEYS the wallets' keys; ARGV a version and a JSON per key, then the
     * expiry in ms. Returns how many were written. (Standalone Redis or one slot: the keys of a batch are not
     * spread over a cluster.)
     */
    private static final String PUT_ALL_IF_NEWER = """
            local written = 0
            for i, key in ipairs(KEYS) do
                local stored = redis.call('HGET', key, 'v')
                if not stored or tonumber(stored) < tonumber(ARGV[2 * i - 1]) then
                    redis.call('HSET', key, 'v', ARGV[2 * i - 1], 'json', ARGV[2 * i])
                    redis.call('PEXPIRE', key, ARGV[#ARGV])
                    written = written + 1
                end
            end
            return written""";

    @Inject
    RedisDataSource redis;

    @Inject
    ObjectMapper json;

    @Inject
    CacheSettings settings;

    private final AtomicLong skipUntil = new AtomicLong();

    public boolean isAvailable() {
        return System.nanoTime() - skipUntil.get() >= 0;
    }

    /** The stored balance, or null when there is none or Redis cannot be asked now. */
    public BalanceSnapshot balance(UUID walletId) {
        if (!isAvailable()) {
            return null;
        }
        try {
            Response stored = redis.execute("HGET", KEY_PREFIX + walletId, "json");
            return stored == null ? null : json.readValue(stored.toString(), BalanceSnapshot.class);
        } catch (RuntimeException | JsonProcessingException e) {
            failed(e);
            return null;
        }
    }

    /** Stores {@code snapshot} unless Redis holds a newer one; returns whether it was written. */
    public boolean offer(BalanceSnapshot snapshot) {
        try {
            return putIfNewer(KEY_PREFIX + snapshot.walletId(), snapshot.version(), json.writeValueAsString(snapshot));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stores each snapshot unless Redis holds a newer one, all in one round trip (a consumer's batch).
     *
     * @return how many were written; 0 when Redis cannot be asked now
     */
    public long offerAll(java.util.Collection<BalanceSnapshot> snapshots) {
        if (snapshots.isEmpty() || !isAvailable()) {
            return 0;
        }
        java.util.List<String> arguments = new java.util.ArrayList<>(3 + snapshots.size() * 3);
        arguments.add(PUT_ALL_IF_NEWER);
        arguments.add(String.valueOf(snapshots.size()));
        for (BalanceSnapshot snapshot : snapshots) {
            arguments.add(KEY_PREFIX + snapshot.walletId());
        }
        try {
            for (BalanceSnapshot snapshot : snapshots) {
                arguments.add(String.valueOf(snapshot.version()));
                arguments.add(json.writeValueAsString(snapshot));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        arguments.add(String.valueOf(settings.l2Ttl().toMillis()));
        try {
            Response written = redis.execute("EVAL", arguments.toArray(String[]::new));
            return written == null ? 0 : written.toLong();
        } catch (RuntimeException e) {
            failed(e);
            return 0;
        }
    }

    /** The stored first page of history, or null. */
    public LocalLayer.Page page(UUID walletId) {
        if (!isAvailable()) {
            return null;
        }
        try {
            Response stored = redis.execute("HMGET", PAGE_PREFIX + walletId, "v", "json");
            if (stored == null || stored.size() < 2 || stored.get(0) == null || stored.get(1) == null) {
                return null;
            }
            return new LocalLayer.Page(stored.get(0).toLong(), stored.get(1).toString());
        } catch (RuntimeException e) {
            failed(e);
            return null;
        }
    }

    /** Stores a first page of history unless Redis holds one for a newer version. */
    public boolean offerPage(UUID walletId, LocalLayer.Page page) {
        return putIfNewer(PAGE_PREFIX + walletId, page.version(), page.body());
    }

    private boolean putIfNewer(String key, long version, String value) {
        if (!isAvailable()) {
            return false;
        }
        try {
            Response written = redis.execute("EVAL", PUT_IF_NEWER, "1", key, String.valueOf(version), value,
                    String.valueOf(settings.l2Ttl().toMillis()));
            return written != null && written.toLong() == 1L;
        } catch (RuntimeException e) {
            failed(e);
            return false;
        }
    }

    /** Asks Redis directly, whatever the back-off says: the health check's probe. */
    public boolean ping() {
        try {
            redis.execute("PING");
            skipUntil.set(System.nanoTime());
            return true;
        } catch (RuntimeException e) {
            failed(e);
            return false;
        }
    }

    private void failed(Exception e) {
        if (isAvailable()) {
            LOG.warnf("Redis (L2) unavailable, serving from L1 and L3 for now: %s", e.toString());
        }
        skipUntil.set(System.nanoTime() + settings.l2RetryAfter().toNanos());
    }
}
