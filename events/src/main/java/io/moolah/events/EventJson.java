package io.moolah.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** The one JSON encoding of events, shared by producers and consumers so they cannot drift apart. */
public final class EventJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // Additive changes: a consumer must tolerate fields it does not know yet.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private EventJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Builds an envelope for a new event; the payload is any record of this module (or a map). */
    public static EventEnvelope newEvent(String type, int schemaVersion, String aggregateId, String source, Object payload) {
        JsonNode body = MAPPER.valueToTree(payload);
        return new EventEnvelope(UUID.randomUUID(), type, schemaVersion, Instant.now(), aggregateId, source, body);
    }

    /**
     * The JSON of a new event, written straight from the payload (no intermediate tree): the same document as
     * {@code toJson(newEvent(...))} with the given id, for producers that only need the text.
     */
    public static String encodeNewEvent(UUID eventId, String type, int schemaVersion, String aggregateId, String source,
                                        Object payload) {
        Outgoing event = new Outgoing(eventId, type, schemaVersion, Instant.now(), aggregateId, source, payload);
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event cannot be encoded: " + type, e);
        }
    }

    /** {@link EventEnvelope}'s fields in its order, with the payload still an object. */
    private record Outgoing(UUID eventId, String type, int schemaVersion, Instant occurredAt, String aggregateId,
                            String source, Object payload) {
    }

    public static String toJson(EventEnvelope envelope) {
        try {
            return MAPPER.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event cannot be encoded: " + envelope.type(), e);
        }
    }

    /**
     * @throws MalformedEventException when the bytes are not an envelope; a consumer parks such records rather than
     *                                 retrying them forever
     */
    public static EventEnvelope fromJson(byte[] json) {
        if (json == null) {
            throw new MalformedEventException("empty record");
        }
        try {
            return MAPPER.readValue(json, EventEnvelope.class);
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new MalformedEventException("not an event envelope: " + e.getMessage());
        }
    }

    public static EventEnvelope fromJson(String json) {
        return fromJson(json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }
}
