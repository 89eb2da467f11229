package io.moolah.outbox;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The write-ahead log's outbox messages: the trace line round-trips, and messages written before it still read. */
class OutboxMessageTest {
    private static final String TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aMessageWithItsTraceReadsBackAsWritten() {
        OutboxMessage written = new OutboxMessage("transaction.events", "w1", "TransferPosted", "e1", TRACE, "{\"a\":\"b\\nc\"}");
        assertEquals(written, OutboxMessage.decode(written.encode()));
    }

    @Test
    void aMessageOutsideATraceHasAnEmptyTraceLine() {
        OutboxMessage written = new OutboxMessage("t", "k", "T", "e", null, "{}");
        OutboxMessage read = OutboxMessage.decode(written.encode());
        assertEquals("", read.traceParent());
        assertEquals("{}", read.envelope());
    }

    @Test
    void aMessageWrittenBeforeTheTraceLineStillReads() {
        OutboxMessage read = OutboxMessage.decode("transaction.events\nw1\nTransferPosted\ne1\n{\"amount\":1}");
        assertEquals("", read.traceParent());
        assertEquals("{\"amount\":1}", read.envelope());
        assertEquals("e1", read.eventId());
    }

    @Test
    void aTraceWithALineBreakIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new OutboxMessage("t", "k", "T", "e", "00-\n", "{}"));
    }
}
