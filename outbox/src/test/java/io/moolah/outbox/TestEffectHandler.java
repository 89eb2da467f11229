package io.moolah.outbox;

import io.moolah.events.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.util.List;

/** Consumes the test topic; each application leaves one row, so a second effect would be visible. */
@ApplicationScoped
public class TestEffectHandler extends TransactionalEventHandler {

    @Inject
    EntityManager entityManager;

    @Override
    public String consumerName() {
        return "outbox-test-consumer";
    }

    @Override
    public List<String> topics() {
        return List.of(TestNotes.TOPIC);
    }

    @Override
    protected void apply(EventEnvelope event) {
        if (event.type().equals("Poison")) {
            throw new IllegalArgumentException("cannot apply a poison event");
        }
        entityManager.createNativeQuery("insert into test_effect (event_id, aggregate_id) values (:id, :aggregate)")
                .setParameter("id", event.eventId())
                .setParameter("aggregate", event.aggregateId())
                .executeUpdate();
    }
}
