package io.moolah.events;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EventJsonTest {

    @Test
    void envelopeSurvivesARoundTrip() {
        EventEnvelope sent = EventJson.newEvent("WalletOpened", 1, "w-1", "account-service", Map.of("currency", "ZAR"));

        EventEnvelope received = EventJson.fromJson(EventJson.toJson(sent));

        assertEquals(sent, received);
        assertEquals("ZAR", received.payload().get("currency").asText());
    }

    @Test
    void unknownFieldsAreTolerated() {
        String json = """
                {"eventId":"8d0b5d1c-1c1e-4b5e-9a7e-1d2f3a4b5c6d","type":"X","schemaVersion":1,
                 "occurredAt":"2026-11-25T10:00:00Z","aggregateId":"a","source":"s","payload":{},"addedLater":true}""";

        assertEquals("X", EventJson.fromJson(json).type());
    }

    @Test
    void garbageIsAMalformedEventNotACrash() {
        assertThrows(MalformedEventException.class, () -> EventJson.fromJson("{not json".getBytes(StandardCharsets.UTF_8)));
        assertThrows(MalformedEventException.class, () -> EventJson.fromJson("{\"type\":\"X\"}"));
        assertThrows(MalformedEventException.class, () -> EventJson.fromJson((byte[]) null));
    }
}
