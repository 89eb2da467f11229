package io.moolah.payment.inbox;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;

/**
 * Deliveries judged not authentic (REJECTED) are kept for audit for a while, not for ever: the webhook path is public,
 * so anyone may post up to 64 KiB a delivery (rate-limited per address at the gateway), and kept for ever those would
 * fill the database. Each pass deletes rejected deliveries received more than
 * {@code moolah.payment.inbox.rejected-retention} ago (7 days), at most {@link #BATCH} of them. They are not money
 * and never became a payment's evidence: authentic deliveries, processed or not, are never deleted.
 */
@ApplicationScoped
public class RejectedDeliveries {
    static final int BATCH = 1_000;

    @Inject
    EntityManager database;

    @ConfigProperty(name = "moolah.payment.inbox.rejected-retention", defaultValue = "P7D")
    Duration retention;

    @Scheduled(every = "${moolah.payment.inbox.retention-interval:1h}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pass() {
        purge(Instant.now());
    }

    /** @return how many rejected deliveries older than the retention period were deleted */
    @Transactional
    public int purge(Instant now) {
        return database.createNativeQuery("""
                        delete from webhook_notification where id in (
                            select id from webhook_notification where status = 'REJECTED' and received_at < ?1
                            order by received_at limit ?2)""")
                .setParameter(1, now.minus(retention))
                .setParameter(2, BATCH)
                .executeUpdate();
    }
}
