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
 * Deliveries that were never authentic are no longer stored (WebhookResource checks first), but earlier versions kept
 * them as REJECTED rows with {@code authentic = false}: those go after {@code moolah.payment.inbox.rejected-retention}
 * (7 days), at most {@link #BATCH} a pass. Authentic deliveries are a payment's evidence and are never deleted,
 * whatever became of them: a REJECTED row that is authentic (an amount that differs from the intent, say) stays.
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
                            select id from webhook_notification where status = 'REJECTED' and authentic = false and received_at < ?1
                            order by received_at limit ?2)""")
                .setParameter(1, now.minus(retention))
                .setParameter(2, BATCH)
                .executeUpdate();
    }
}
