package io.moolah.gateway.telemetry;

import io.moolah.gateway.exchange.Exchange;
import io.moolah.gateway.exchange.HeaderNames;
import io.moolah.platform.tracing.TraceParents;
import io.netty.handler.codec.http.HttpHeaders;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

import java.util.ArrayList;
import java.util.List;

/**
 * The gateway's span of each public request (OpenTelemetry HTTP server conventions): a child of the client's
 * {@code traceparent} when it sends one, otherwise a new trace; the service gets the gateway's span as its parent.
 * Named {@code <method> <route>} once the route is known (a route is a name, never a raw path, so names stay few).
 */
final class RequestSpans {
    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
    private static final AttributeKey<String> SCHEME = AttributeKey.stringKey("url.scheme");
    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    private static final AttributeKey<String> CLIENT = AttributeKey.stringKey("client.address");
    private static final AttributeKey<String> PROTOCOL = AttributeKey.stringKey("network.protocol.version");
    private static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("moolah.request_id");

    private static final TextMapGetter<HttpHeaders> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpHeaders carrier) {
            List<String> names = new ArrayList<>(carrier.size());
            carrier.forEach(header -> names.add(header.getKey()));
            return names;
        }

        @Override
        public String get(HttpHeaders carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;

    RequestSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Starts the request's span and gives the exchange the traceparent to send on. */
    Span start(Exchange exchange) {
        HttpHeaders headers = exchange.headers();
        Context parent = headers.contains(HeaderNames.TRACE_PARENT)
                ? W3CTraceContextPropagator.getInstance().extract(Context.root(), headers, HEADERS)
                : Context.root();
        String method = exchange.method().name();
        // The sampler decides on the trace id alone, so the attributes are set only on a span that is kept: the 99 in
        // 100 that are not cost no attribute map, no boxed status, no second name.
        Span span = tracer.spanBuilder(method).setSpanKind(SpanKind.SERVER).setParent(parent).startSpan();
        if (span.isRecording()) {
            span.setAttribute(METHOD, method)
                    .setAttribute(PATH, exchange.path())
                    .setAttribute(SCHEME, "https")
                    .setAttribute(PROTOCOL, exchange.version() == Exchange.Version.HTTP_2 ? "2" : "1.1")
                    .setAttribute(CLIENT, exchange.remoteAddress())
                    .setAttribute(REQUEST_ID, exchange.requestId());
        }
        exchange.traceParent(TraceParents.of(span.getSpanContext()));
        return span;
    }

    /** Ends the span with the answer's status and the route that served it. */
    static void end(Span span, Exchange exchange, String route) {
        if (!span.isRecording()) {
            span.end();
            return;
        }
        int status = exchange.status();
        span.setAttribute(STATUS, (long) status);
        if (route != null) {
            span.setAttribute(ROUTE, route);
            span.updateName(exchange.method().name() + " " + route);
        }
        if (status >= 500) {
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }
}
