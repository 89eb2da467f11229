package io.moolah.outbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

/** Records a consumer gave up on, kept in the service's database for an operator to look at and replay. */
@ApplicationScoped
public class DeadLetters {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    @Inject
    EntityManager entityManager;

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
    }
}
