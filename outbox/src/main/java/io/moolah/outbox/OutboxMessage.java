package io.moolah.outbox;

/**
 * An event as written into PostgreSQL's write-ahead log by {@code pg_logical_emit_message} and read back by the
 * {@link WalRelay}: the topic, the Kafka key (the aggregate id), the event's type and id (record headers), the trace it
 * was written in ({@code traceparent}, empty outside a trace), and the envelope (the record's value). Written as lines:
 * the first fields never hold a line break (names and ids), and the envelope is compact JSON, whose strings escape
 * theirs. A message written before the trace line existed has the envelope ('{') where the trace line would be.
 */
record OutboxMessage(String topic, String aggregateId, String eventType, String eventId, String traceParent, String envelope) {
    /** The prefix of every outbox message: the relay publishes these and skips any other. */
    static final String PREFIX = "moolah.outbox";

    OutboxMessage {
        traceParent = traceParent == null ? "" : traceParent;
        for (String field : new String[]{topic, aggregateId, eventType, eventId, traceParent}) {
            if (field.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("an outbox message field holds a line break: " + field);
            }
        }
    }

    String encode() {
        return topic + '\n' + aggregateId + '\n' + eventType + '\n' + eventId + '\n' + traceParent + '\n' + envelope;
    }

    static OutboxMessage decode(String content) {
        int[] breaks = new int[4];
        int from = 0;
        for (int i = 0; i < breaks.length; i++) {
            breaks[i] = content.indexOf('\n', from);
            if (breaks[i] < 0) {
                throw new IllegalArgumentException("not an outbox message: " + content.substring(0, Math.min(80, content.length())));
            }
            from = breaks[i] + 1;
        }
        String traceParent = "";
        int envelope = breaks[3] + 1;
        if (envelope < content.length() && content.charAt(envelope) != '{') {
            int traceEnd = content.indexOf('\n', envelope);
            if (traceEnd < 0) {
                throw new IllegalArgumentException("not an outbox message: " + content.substring(0, Math.min(80, content.length())));
            }
            traceParent = content.substring(envelope, traceEnd);
            envelope = traceEnd + 1;
        }
        return new OutboxMessage(content.substring(0, breaks[0]), content.substring(breaks[0] + 1, breaks[1]),
                content.substring(breaks[1] + 1, breaks[2]), content.substring(breaks[2] + 1, breaks[3]), traceParent,
                content.substring(envelope));
    }
}
