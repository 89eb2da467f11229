package io.moolah.outbox;

import io.moolah.events.EventEnvelope;
import io.moolah.platform.messaging.EventHandler;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.util.List;

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
        inEachDatabase(List.of(event), () -> QuarkusTransaction.requiringNew().run(() -> applyOnce(event)));
    }

    /**
     * A poll's events in one transaction (one commit instead of one per event), each applied once and recorded as
     * processed; any failure rolls all back and the consumer then applies them one at a time.
     */
    @Override
    public final void handleAll(List<EventEnvelope> events) {
        inEachDatabase(events, () -> QuarkusTransaction.requiringNew().run(() -> events.forEach(this::applyOnce)));
    }

    /**
     * Runs {@code work} (a transaction applying {@code events} and recording them as processed) once per database
     * that must apply them. By default once, on the service's own database; a sharded service (the ledger) runs it on
     * the shard the events concern, or on every shard, with the processed-event record landing on each
     * ({@link OutboxDatabases#current()}), so each database applies an event once.
     */
    protected void inEachDatabase(List<EventEnvelope> events, Runnable work) {
        work.run();
    }

    /**
     * Whether a poll's events may share one transaction. Only where applying them takes no row locks that another
     * writer takes in a fixed order (ledger accounts): one transaction holding the locks of several events' entries
     * could otherwise wait on a writer that waits on it. Off by default.
     */
    @Override
    public boolean handlesInBatches() {
        return false;
    }

    private void applyOnce(EventEnvelope event) {
        if (processedEvents.firstDelivery(consumerName(), event.eventId())) {
            try {
                apply(event);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void park(String topic, int partition, long offset, byte[] value, Exception failure) {
        deadLetters.park(consumerName(), topic, partition, offset,
                value == null ? null : new String(value, StandardCharsets.UTF_8), failure);
    }
}
