package io.moolah.localstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * The local run's trace store: an OTLP/HTTP receiver ({@code http/protobuf}) on loopback that every service exports its
 * spans to, keeping the newest {@value #KEPT} in memory for tests and appending each to {@code traces.jsonl} in the run
 * folder (up to {@value #FILE_LIMIT_BYTES} bytes) for people. In Kubernetes the OpenTelemetry Collector and Tempo have
 * this job (k8s/tracing).
 */
public final class LocalTraces implements AutoCloseable {
    static final int KEPT = 50_000;
    static final long FILE_LIMIT_BYTES = 64L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    /** One finished span as a service exported it. Ids in lower-case hex; {@code parentSpanId} empty for a root. */
    public record SpanRecord(String service, String traceId, String spanId, String parentSpanId, String name, String kind,
                             long startNanos, long endNanos, Map<String, String> attributes) {
    }

    private final HttpServer server;
    private final ArrayDeque<SpanRecord> kept = new ArrayDeque<>();
    private final Path file;
    private long fileBytes;

    private LocalTraces(HttpServer server, Path file) {
        this.server = server;
        this.file = file;
    }

    /** Starts the receiver on a free loopback port; spans also go to {@code file}. */
    public static LocalTraces start(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            HttpServer server = HttpServer.create(new InetSocketAddress(Ports.LOOPBACK, 0), 64);
            LocalTraces traces = new LocalTraces(server, file);
            server.createContext("/", traces::receive);
            server.setExecutor(Executors.newFixedThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, "local-traces");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return traces;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local trace receiver", e);
        }
    }

    /** The environment that points a service's exporter here. */
    public Map<String, String> serviceEnvironment() {
        return Map.of(
                "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://" + Ports.LOOPBACK + ":" + server.getAddress().getPort(),
                "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf",
                // Spans show up within a fraction of a second locally (production batches for 5 s).
                "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms");
    }

    /** The spans received so far of one trace, in the order they arrived. */
    public synchronized List<SpanRecord> trace(String traceId) {
        return kept.stream().filter(span -> span.traceId().equals(traceId)).toList();
    }

    /** How many spans are kept (the newest {@value #KEPT}). */
    public synchronized int count() {
        return kept.size();
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            ExportTraceServiceRequest request;
            try (InputStream body = body(exchange)) {
                request = ExportTraceServiceRequest.parseFrom(body);
                keep(spansOf(request));
            } catch (IOException malformed) {
                exchange.sendResponseHeaders(400, -1);
                return;
            } catch (RuntimeException | LinkageError broken) {
                // Answered, never left hanging: the exporter's retries would pile up behind it.
                System.err.println("local trace receiver: " + broken);
                exchange.sendResponseHeaders(500, -1);
                return;
            }
            // An empty ExportTraceServiceResponse: all accepted.
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        }
    }

    private static InputStream body(HttpExchange exchange) throws IOException {
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        return "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody();
    }

    static List<SpanRecord> spansOf(ExportTraceServiceRequest request) {
        List<SpanRecord> spans = new ArrayList<>();
        for (ResourceSpans resource : request.getResourceSpansList()) {
            String service = attributes(resource.getResource().getAttributesList()).getOrDefault("service.name", "unknown");
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (io.opentelemetry.proto.trace.v1.Span span : scope.getSpansList()) {
                    spans.add(new SpanRecord(service, HEX.formatHex(span.getTraceId().toByteArray()),
                            HEX.formatHex(span.getSpanId().toByteArray()), HEX.formatHex(span.getParentSpanId().toByteArray()),
                            span.getName(), span.getKind().name().replace("SPAN_KIND_", ""), span.getStartTimeUnixNano(),
                            span.getEndTimeUnixNano(), attributes(span.getAttributesList())));
                }
            }
        }
        return spans;
    }

    private static Map<String, String> attributes(List<KeyValue> attributes) {
        Map<String, String> values = new TreeMap<>();
        for (KeyValue attribute : attributes) {
            var value = attribute.getValue();
            values.put(attribute.getKey(), switch (value.getValueCase()) {
                case STRING_VALUE -> value.getStringValue();
                case INT_VALUE -> String.valueOf(value.getIntValue());
                case BOOL_VALUE -> String.valueOf(value.getBoolValue());
                case DOUBLE_VALUE -> String.valueOf(value.getDoubleValue());
                default -> value.toString().strip();
            });
        }
        return values;
    }

    private synchronized void keep(List<SpanRecord> spans) {
        for (SpanRecord span : spans) {
            if (kept.size() == KEPT) {
                kept.removeFirst();
            }
            kept.addLast(span);
        }
        if (fileBytes >= FILE_LIMIT_BYTES || spans.isEmpty()) {
            return;
        }
        try {
            StringBuilder lines = new StringBuilder();
            for (SpanRecord span : spans) {
                lines.append(JSON.writeValueAsString(span)).append('\n');
            }
            byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
            Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            fileBytes += bytes.length;
        } catch (IOException e) {
            fileBytes = FILE_LIMIT_BYTES; // stop writing; the spans stay in memory
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
