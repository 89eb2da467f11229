package io.moolah.platform.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

import java.util.List;

/**
 * A trace's place as W3C {@code traceparent} text, for where the context must outlive the thread that holds it: an
 * event written to the outbox carries the request's, and the relay puts it in the Kafka record's headers, so the
 * consumer's work joins the request's trace.
 */
public final class TraceParents {
    /** The Kafka record header (and outbox field) that carries it. */
    public static final String HEADER = "traceparent";

    private static final TextMapGetter<String> ONE_VALUE = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(HEADER);
        }

        @Override
        public String get(String carrier, String key) {
            return HEADER.equals(key) ? carrier : null;
        }
    };

    private TraceParents() {
    }

    /** The current span's {@code traceparent}, or null outside a recorded trace. */
    public static String current() {
        return of(Span.current().getSpanContext());
    }

    /** {@code 00-<trace id>-<span id>-<flags>}, or null for an invalid context. */
    public static String of(SpanContext span) {
        if (!span.isValid()) {
            return null;
        }
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
    }

    /**
     * {@code request} with the current trace's {@code traceparent}, when there is one: a call to another of our
     * services on the JDK's client joins the caller's trace (never used towards a payment provider).
     */
    public static java.net.http.HttpRequest.Builder inCurrentTrace(java.net.http.HttpRequest.Builder request) {
        String traceParent = current();
        return traceParent == null ? request : request.header(HEADER, traceParent);
    }

    /** A context whose remote parent is {@code traceParent}; the root context when it is null or malformed. */
    public static Context contextOf(String traceParent) {
        if (traceParent == null || traceParent.isEmpty()) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), traceParent, ONE_VALUE);
    }
}
