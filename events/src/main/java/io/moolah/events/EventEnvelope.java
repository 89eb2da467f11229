package io.moolah.events;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What every event on every topic looks like. Changes are additive; a breaking change to a payload is a new
 * {@code schemaVersion} of that event type.
 *
 * @param eventId       unique per event; consumers deduplicate on it
 * @param type          past tense, for example {@code TransferPosted}
 * @param schemaVersion version of the payload's shape for this type
 * @param occurredAt    when the state change committed (UTC)
 * @param aggregateId   the wallet id or payment id the event is about; also the Kafka record key
 * @param source        the service that published it
 * @param payload       the type-specific body
 */
public record EventEnvelope(
        UUID eventId,
        String type,
        int schemaVersion,
        Instant occurredAt,
        String aggregateId,
        String source,
        JsonNode payload) {

    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(source, "source");
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schemaVersion must be at least 1");
        }
        if (payload == null) {
            payload = EventJson.mapper().createObjectNode();
        }
    }

    /** Reads the payload as one of the records of this module. */
    public <T> T payloadAs(Class<T> payloadType) {
        return EventJson.mapper().convertValue(payload, payloadType);
    }
}
