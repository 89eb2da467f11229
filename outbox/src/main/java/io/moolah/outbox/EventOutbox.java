package io.moolah.outbox;

import io.moolah.events.EventEnvelope;
import io.moolah.events.EventJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where a service publishes events: into the outbox table, in the caller's transaction, so an event exists if and only
 * if the state change it describes committed. The {@link OutboxRelay} sends it to Kafka afterwards.
 */
@ApplicationScoped
public class EventOutbox {

    @Inject
    EntityManager entityManager;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    OutboxRelay relay;

    @ConfigProperty(name = "quarkus.application.name")
    String source;

    /** Records an event about {@code aggregateId} on {@code topic}; must run inside the state change's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public EventEnvelope publish(String topic, String type, int schemaVersion, String aggregateId, Object payload) {
        EventEnvelope event = EventJson.newEvent(type, schemaVersion, aggregateId, source, payload);
        entityManager.createNativeQuery("""
                        insert into outbox_event (event_id, topic, aggregate_id, event_type, envelope)
                        values (:eventId, :topic, :aggregateId, :type, :envelope)""")
                .setParameter("eventId", event.eventId())
                .setParameter("topic", topic)
                .setParameter("aggregateId", aggregateId)
                .setParameter("type", type)
                .setParameter("envelope", EventJson.toJson(event))
                .executeUpdate();
        transactions.registerInterposedSynchronization(new WakeRelayOnCommit(relay));
        return event;
    }

    /** Publishing right after commit keeps event latency low without polling hard. */
    private record WakeRelayOnCommit(OutboxRelay relay) implements Synchronization {
        @Override
        public void beforeCompletion() {
        }

        @Override
        public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
                relay.wake();
            }
        }
    }
}
