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
    void anEventEncodedStraightFromItsPayloadReadsAsTheEnvelopeWouldHave() {
        java.util.UUID id = java.util.UUID.randomUUID();
        var payload = new java.util.LinkedHashMap<String, Object>();
        payload.put("walletId", "w-2");
        payload.put("amount", 150L);
        payload.put("nested", Map.of("available", 7L));

        String json = EventJson.encodeNewEvent(id, "TransferPosted", 2, "w-2", "transaction-service", payload);
        EventEnvelope received = EventJson.fromJson(json);

        assertEquals(id, received.eventId());
        assertEquals("TransferPosted", received.type());
        assertEquals(2, received.schemaVersion());
        assertEquals("w-2", received.aggregateId());
        assertEquals("transaction-service", received.source());
        assertEquals(7L, received.payload().get("nested").get("available").asLong());
        EventEnvelope viaTree = new EventEnvelope(id, "TransferPosted", 2, received.occurredAt(), "w-2",
                "transaction-service", EventJson.mapper().valueToTree(payload));
        assertEquals(EventJson.toJson(viaTree), json, "the same document, field for field");
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
