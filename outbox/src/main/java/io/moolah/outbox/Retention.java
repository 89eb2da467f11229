package io.moolah.outbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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

    /** Every database this service writes its outbox and processed-event log to (a sharded ledger has several). */
    @Inject
    OutboxDatabases databases;

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
                where published_at is not null and published_at < ? limit ?)""", now.minus(settings.publishedRetention()));
        long processed = inBatches("""
                delete from processed_event where (consumer, event_id) in (select consumer, event_id from processed_event
                where processed_at < ? limit ?)""", now.minus(settings.processedRetention()));
        if (outbox + processed > 0) {
            LOG.infof("retention: %d published outbox rows and %d processed-event ids pruned", outbox, processed);
        }
        return outbox + processed;
    }

    private long inBatches(String delete, Instant before) {
        long total = 0;
        for (OutboxDatabases.Database database : databases.all()) {
            for (int batch = 0; batch < MAX_BATCHES; batch++) {
                int deleted = QuarkusTransaction.requiringNew().call(() -> {
                    try (java.sql.Connection connection = database.dataSource().getConnection();
                         java.sql.PreparedStatement statement = connection.prepareStatement(delete)) {
                        statement.setObject(1, java.time.OffsetDateTime.ofInstant(before, java.time.ZoneOffset.UTC));
                        statement.setInt(2, BATCH);
                        return statement.executeUpdate();
                    }
                });
                total += deleted;
                if (deleted < BATCH) {
                    break;
                }
            }
        }
        return total;
    }
}
