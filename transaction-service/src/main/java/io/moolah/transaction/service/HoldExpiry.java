package io.moolah.transaction.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** Releases expired holds. Replicas share the work safely: each batch skips holds another replica has locked. */
@ApplicationScoped
public class HoldExpiry {
    private static final Logger LOG = Logger.getLogger(HoldExpiry.class);
    private static final int BATCH = 100;
    private static final int MAX_BATCHES_PER_RUN = 50;

    @Inject
    HoldService holds;

    @Scheduled(every = "${moolah.ledger.hold-expiry-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void releaseExpired() {
        int released = 0;
        for (int batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
            int count = holds.expireDue(BATCH);
            released += count;
            if (count < BATCH) {
                break;
            }
        }
        if (released > 0) {
            LOG.infof("released %d expired holds", released);
        }
    }
}
