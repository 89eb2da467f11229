package io.moolah.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Records a consumer gave up on, kept in the service's database for an operator to look at and replay
 * ({@link DeadLetterReplay}). Counted as they are parked ({@code moolah_dead_letters_parked_total}) and as they wait
 * ({@code moolah_dead_letters_open}, which the MoolahDeadLetters alert reads).
 */
@ApplicationScoped
public class DeadLetters {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    @Inject
    EntityManager entityManager;

    @Inject
    MeterRegistry registry;

    private final AtomicLong open = new AtomicLong();

    @PostConstruct
    void gauge() {
        registry.gauge("moolah.dead.letters.open", open);
    }

    /** @throws RuntimeException when it could not be kept (the caller tries again; the record is never skipped) */
    public void park(String consumer, String topic, int partition, long offset, String record, Exception failure) {
        LOG.errorf(failure, "%s parked %s-%d@%d", consumer, topic, partition, offset);
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                        insert into dead_letter_event (consumer, topic, kafka_partition, kafka_offset, record, error)
                        values (:consumer, :topic, :partition, :offset, :record, :error)""")
                .setParameter("consumer", consumer)
                .setParameter("topic", topic)
                .setParameter("partition", partition)
                .setParameter("offset", offset)
                .setParameter("record", record)
                .setParameter("error", String.valueOf(failure))
                .executeUpdate());
        registry.counter("moolah.dead.letters.parked", Tags.of("consumer", consumer)).increment();
        open.incrementAndGet();
    }

    @Scheduled(every = "30s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void countOpen() {
        try {
            open.set(QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                    "select count(*) from dead_letter_event where replayed_at is null").getSingleResult()).longValue()));
        } catch (RuntimeException e) {
            LOG.debugf("dead letters not counted this round: %s", e.toString());
        }
    }

    void replayed() {
        open.updateAndGet(count -> Math.max(0, count - 1));
    }
}
