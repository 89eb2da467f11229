package io.moolah.transaction.service;

import io.moolah.transaction.shard.LedgerShards;
import io.moolah.transaction.shard.Shard;
import io.moolah.transaction.shard.ShardScope;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Releases expired holds on every shard. Replicas share the work safely: each batch skips holds another replica has
 * locked.
 */
@ApplicationScoped
public class HoldExpiry {
    private static final Logger LOG = Logger.getLogger(HoldExpiry.class);
    private static final int BATCH = 100;
    private static final int MAX_BATCHES_PER_RUN = 50;

    @Inject
    HoldService holds;

    @Inject
    LedgerShards shards;

    @Scheduled(every = "${moolah.ledger.hold-expiry-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void releaseExpired() {
        int released = 0;
        for (Shard shard : shards.shards()) {
            released += ShardScope.on(shard, this::releaseDue);
        }
        if (released > 0) {
            LOG.infof("released %d expired holds", released);
        }
    }

    /** The current shard's expired holds, in batches. */
    private int releaseDue() {
        int released = 0;
        for (int batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
            int count = holds.expireDue(BATCH);
            released += count;
            if (count < BATCH) {
                break;
            }
        }
        return released;
    }
}
