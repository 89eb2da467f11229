package io.moolah.outbox;

import io.moolah.events.EventEnvelope;
import io.moolah.platform.messaging.EventHandler;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;

/**
 * An {@link EventHandler} whose effect is database work: each event is applied in its own transaction together with
 * the record that it was processed, so a redelivered event has no second effect. Records that keep failing are parked
 * in {@code dead_letter_event}.
 */
public abstract class TransactionalEventHandler implements EventHandler {

    @Inject
    ProcessedEvents processedEvents;

    @Inject
    DeadLetters deadLetters;

    /** Applies the event; runs inside the transaction that also records it as processed. */
    protected abstract void apply(EventEnvelope event) throws Exception;

    @Override
    public final void handle(EventEnvelope event) {
        QuarkusTransaction.requiringNew().run(() -> {
            if (processedEvents.firstDelivery(consumerName(), event.eventId())) {
                try {
                    apply(event);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
    }

    @Override
    public void park(String topic, int partition, long offset, byte[] value, Exception failure) {
        deadLetters.park(consumerName(), topic, partition, offset,
                value == null ? null : new String(value, StandardCharsets.UTF_8), failure);
    }
}
