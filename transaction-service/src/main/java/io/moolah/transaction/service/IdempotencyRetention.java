package io.moolah.transaction.service;

import io.moolah.transaction.shard.LedgerShards;
import io.moolah.transaction.shard.Shard;
import io.moolah.transaction.shard.ShardScope;
import io.moolah.transaction.repository.Sql;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;

/**
 * Idempotency records are not money: each is kept for {@code moolah.ledger.idempotency-retention} (72 hours; at least
 * 24, as the IETF Idempotency-Key draft asks, and published in docs/api.md), then pruned in batches. A key used again
 * after that is a new request.
 */
@ApplicationScoped
public class IdempotencyRetention {
    private static final Logger LOG = Logger.getLogger(IdempotencyRetention.class);
    static final int BATCH = 5_000;
    private static final Duration LEAST = Duration.ofHours(24);

    @Inject
    Sql sql;

    @ConfigProperty(name = "moolah.ledger.idempotency-retention", defaultValue = "72h")
    Duration retention;

    @Scheduled(every = "${moolah.ledger.retention-interval:1h}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pass() {
        try {
            prune(Instant.now());
        } catch (RuntimeException e) {
            LOG.warnf("idempotency retention pass failed; the next retries: %s", e.toString());
        }
    }

    @Inject
    LedgerShards shards;

    /**
     * On every shard.
     *
     * @return records deleted that were created before {@code now} less the retention (never less than 24 hours)
     */
    public long prune(Instant now) {
        long total = 0;
        for (Shard shard : shards.shards()) {
            total += ShardScope.on(shard, () -> pruneHere(now));
        }
        return total;
    }

    private long pruneHere(Instant now) {
        Instant before = now.minus(retention.compareTo(LEAST) < 0 ? LEAST : retention);
        long total = 0;
        for (int batch = 0; batch < 100; batch++) {
            int deleted = QuarkusTransaction.requiringNew().call(() -> sql.update("""
                    delete from idempotency_record where (scope, idempotency_key) in (select scope, idempotency_key
                    from idempotency_record where created_at < ? limit ?)""", java.sql.Timestamp.from(before), BATCH));
            total += deleted;
            if (deleted < BATCH) {
                break;
            }
        }
        if (total > 0) {
            LOG.infof("pruned %d idempotency records older than %s", total, before);
        }
        return total;
    }
}
