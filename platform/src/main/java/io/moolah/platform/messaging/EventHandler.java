package io.moolah.platform.messaging;

import io.moolah.events.EventEnvelope;

import java.util.List;

/**
 * A service's reaction to events on some topics. Implementations are CDI beans; {@link EventConsumers} finds them and
 * feeds each one from its own consumer group. {@link #handle} must be idempotent: a record can be delivered again after
 * a crash or a rebalance (the outbox module's {@code ProcessedEvents} makes that easy for database work).
 */
public interface EventHandler {

    /** The consumer group, and the name under which processed events are recorded. Stable across releases. */
    String consumerName();

    List<String> topics();

    /**
     * Where a new consumer group starts: {@code earliest} (every event ever kept, the default: a projection must see
     * them all) or {@code latest} (a cache that can fetch what it missed).
     */
    default String startFrom() {
        return "earliest";
    }

    /**
     * Applies one event. Throwing means "try again": the record is retried with back-off and, after the configured
     * number of attempts, parked in the dead-letter log so one poisoned record cannot stop a partition forever.
     */
    void handle(EventEnvelope event) throws Exception;

    /**
     * Applies the events of one poll at once, in their order (each partition's in offset order), for handlers whose
     * work is cheaper in bulk (one Redis round trip, one transaction). Throwing means "apply them one at a time": each is
     * then given to {@link #handle} with the usual retries and dead-lettering, so a poisoned event still cannot stop the
     * others, and handlers' idempotency makes the repetition harmless. The default applies them one at a time.
     */
    default void handleAll(List<EventEnvelope> events) throws Exception {
        for (EventEnvelope event : events) {
            handle(event);
        }
    }

    /** Whether {@link #handleAll} is worth calling: false (the default) delivers each event on its own. */
    default boolean handlesInBatches() {
        return false;
    }

    /** Where a record that keeps failing is kept for an operator. The default only logs it. */
    default void park(String topic, int partition, long offset, byte[] value, Exception failure) {
        org.jboss.logging.Logger.getLogger(getClass()).errorf(failure,
                "giving up on %s-%d@%d after retries; the record is skipped", topic, partition, offset);
    }
}
