package io.moolah.platform.messaging;

import io.moolah.platform.tracing.TraceParents;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.MDC;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A consumer's spans (OpenTelemetry messaging conventions): a record handled on its own is a {@code process} span,
 * child of the producer's place in the trace (the {@code traceparent} header the outbox relay copied from the event);
 * a batch is one {@code process} span linked to each record's trace, and each record also gets a {@code receive} span
 * in its own trace, so a request's trace shows where its events were taken in. Log lines written meanwhile carry the
 * span's trace and span ids.
 */
final class ConsumerSpans {
    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
    private static final AttributeKey<Long> PARTITION = AttributeKey.longKey("messaging.destination.partition.id");
    private static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");
    private static final AttributeKey<Long> BATCH = AttributeKey.longKey("messaging.batch.message_count");

    private final Tracer tracer;
    private final String group;

    ConsumerSpans(Tracer tracer, String group) {
        this.tracer = tracer;
        this.group = group;
    }

    /** The span of handling one record, current until the returned handle is closed. */
    Handling process(ConsumerRecord<String, byte[]> record) {
        Span span = record(tracer.spanBuilder("process " + record.topic()), record, "process")
                .setParent(TraceParents.contextOf(traceParentOf(record))).startSpan();
        return new Handling(span);
    }

    /** The span of handling a poll's records in one call; each record's trace gets a {@code receive} span. */
    Handling processBatch(List<ConsumerRecord<String, byte[]>> records) {
        SpanBuilder batch = tracer.spanBuilder("process " + records.get(0).topic()).setSpanKind(SpanKind.CONSUMER)
                .setNoParent()
                .setAttribute(SYSTEM, "kafka").setAttribute(OPERATION, "process").setAttribute(GROUP, group)
                .setAttribute(BATCH, (long) records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            Context producer = TraceParents.contextOf(traceParentOf(record));
            SpanContext producerSpan = Span.fromContext(producer).getSpanContext();
            if (producerSpan.isValid()) {
                batch.addLink(producerSpan);
                record(tracer.spanBuilder("receive " + record.topic()), record, "receive").setParent(producer).startSpan().end();
            }
        }
        return new Handling(batch.startSpan());
    }

    private SpanBuilder record(SpanBuilder builder, ConsumerRecord<String, byte[]> record, String operation) {
        return builder.setSpanKind(SpanKind.CONSUMER)
                .setAttribute(SYSTEM, "kafka").setAttribute(OPERATION, operation).setAttribute(GROUP, group)
                .setAttribute(DESTINATION, record.topic())
                .setAttribute(PARTITION, (long) record.partition()).setAttribute(OFFSET, record.offset());
    }

    private static String traceParentOf(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(TraceParents.HEADER);
        return header == null ? null : new String(header.value(), StandardCharsets.US_ASCII);
    }

    /** A span made current (and named in the log's MDC) until closed. */
    static final class Handling implements AutoCloseable {
        private final Span span;
        private final Scope scope;

        Handling(Span span) {
            this.span = span;
            this.scope = span.makeCurrent();
            SpanContext context = span.getSpanContext();
            if (context.isValid()) {
                MDC.put("traceId", context.getTraceId());
                MDC.put("spanId", context.getSpanId());
            }
        }

        void failed(Throwable failure) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR);
        }

        @Override
        public void close() {
            MDC.remove("traceId");
            MDC.remove("spanId");
            scope.close();
            span.end();
        }
    }
}
