package io.moolah.outbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * Prunes what is not money once its retention has passed (ARCHITECTURE.md): published outbox rows
 * ({@code moolah.outbox.published-retention}, 7 days) and processed-event ids ({@code processed-retention}, 30 days,
 * longer than the topics keep events). In batches, each its own transaction, so the job never holds locks for long.
 */
@ApplicationScoped
public class Retention {
    private static final Logger LOG = Logger.getLogger(Retention.class);
    static final int BATCH = 5_000;
    private static final int MAX_BATCHES = 100;

    @Inject
    EntityManager entityManager;

    @Inject
    OutboxSettings settings;

    @Scheduled(every = "${moolah.outbox.retention-interval:1h}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pass() {
        try {
            prune(Instant.now());
        } catch (RuntimeException e) {
            LOG.warnf("retention pass failed; next pass retries: %s", e.toString());
        }
    }

    /** @return rows deleted: published outbox rows and processed-event ids past their retention at {@code now} */
    public long prune(Instant now) {
        long outbox = inBatches("""
                delete from outbox_event where seq in (select seq from outbox_event
                where published_at is not null and published_at < ?1 limit ?2)""", now.minus(settings.publishedRetention()));
        long processed = inBatches("""
                delete from processed_event where (consumer, event_id) in (select consumer, event_id from processed_event
                where processed_at < ?1 limit ?2)""", now.minus(settings.processedRetention()));
        if (outbox + processed > 0) {
            LOG.infof("retention: %d published outbox rows and %d processed-event ids pruned", outbox, processed);
        }
        return outbox + processed;
    }

    private long inBatches(String delete, Instant before) {
        long total = 0;
        for (int batch = 0; batch < MAX_BATCHES; batch++) {
            int deleted = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(delete)
                    .setParameter(1, before).setParameter(2, BATCH).executeUpdate());
            total += deleted;
            if (deleted < BATCH) {
                break;
            }
        }
        return total;
    }
}
