package io.moolah.outbox;

import io.moolah.events.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.Map;

/** The test application's service: a state change and its event in one transaction. */
@ApplicationScoped
public class TestNotes {
    static final String TOPIC = "outbox.test";

    @Inject
    EntityManager entityManager;

    @Inject
    EventOutbox outbox;

    @Transactional
    public EventEnvelope write(String aggregateId) {
        entityManager.persist(TestNote.about(aggregateId));
        return outbox.publish(TOPIC, "NoteWritten", 1, aggregateId, Map.of("aggregateId", aggregateId));
    }

    /** Several events in one transaction, numbered in order, each about one of the aggregates in turn. */
    @Transactional
    public void writeNumbered(java.util.List<String> aggregates, int from, int count) {
        java.util.List<EventOutbox.Outgoing> events = new java.util.ArrayList<>();
        for (int i = from; i < from + count; i++) {
            String aggregate = aggregates.get(i % aggregates.size());
            events.add(new EventOutbox.Outgoing(TOPIC, "NoteWritten", 1, aggregate, Map.of("aggregateId", aggregate, "n", i)));
        }
        outbox.publishAll(events);
    }

    /** Writes, publishes, then fails: the caller learns the event id through the exception. */
    @Transactional
    public void writeThenFail(String aggregateId) {
        EventEnvelope event = write(aggregateId);
        throw new RolledBack(event);
    }

    public static class RolledBack extends RuntimeException {
        final transient EventEnvelope event;

        RolledBack(EventEnvelope event) {
            super("rolled back on purpose");
            this.event = event;
        }
    }
}
