package io.moolah.gateway.telemetry;

import io.moolah.gateway.config.GatewaySettings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The access log: one line per public request on standard output, in the service log's layout
 * ({@code 2026-12-06 06:09:04.435 INFO  [access] (thread) req=<id> <address> "<method> <target> <version>" <status>
 * <bytes> <ms> ms ua="<user agent>"}). Each event loop appends to its own batch, which is written in one system call
 * when it is full ({@code batch-size}) or at the latest after {@code flush-interval}, and at shutdown, as nginx's
 * {@code access_log ... buffer= flush=} does: a line costs an append, not a write to the terminal or a pipe per request
 * (measured: the per-request log write was about 9% of the gateway's CPU under load). Quarkus's own access log is off.
 * Where the service logs JSON ({@code quarkus.log.console.json.enabled}, production), so does the access log: one
 * object per line with the fields of Quarkus's JSON lines and the request id, trace id and span id in {@code mdc}.
 */
@Singleton
public class AccessLog {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter JSON_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.").withZone(java.time.ZoneOffset.UTC);
    private static final int MAX_USER_AGENT = 256;

    @Inject
    GatewaySettings settings;

    @ConfigProperty(name = "quarkus.log.console.json.enabled", defaultValue = "true")
    boolean json;

    @ConfigProperty(name = "quarkus.application.name")
    String service;

    private final List<Batch> batches = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Batch> own = ThreadLocal.withInitial(this::newBatch);
    private final OutputStream out = new FileOutputStream(FileDescriptor.out);
    private volatile Thread flusher;

    void start(@Observes StartupEvent event) {
        if (!settings.accessLog().enabled()) {
            return;
        }
        long interval = settings.accessLog().flushInterval().toMillis();
        Thread thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(interval);
                } catch (InterruptedException e) {
                    return;
                }
                flushAll();
            }
        }, "access-log-flusher");
        thread.setDaemon(true);
        thread.start();
        flusher = thread;
    }

    void stop(@Observes ShutdownEvent event) {
        Thread thread = flusher;
        if (thread != null) {
            thread.interrupt();
        }
        flushAll();
    }

    public boolean enabled() {
        return settings.accessLog().enabled();
    }

    /**
     * One answered request. Strings from the client are escaped: no line can be forged or split by a header.
     * {@code traceParent} is the gateway's span (W3C traceparent), or null.
     */
    public void record(String requestId, String address, String method, String target, String version, int status,
                       long bytes, long nanos, String userAgent, String traceParent) {
        Batch batch = own.get();
        synchronized (batch) {
            if (json) {
                recordJson(batch, requestId, address, method, target, version, status, bytes, nanos, userAgent, traceParent);
                return;
            }
            StringBuilder line = batch.text;
            batch.timestamp(System.currentTimeMillis());
            line.append(" INFO  [access] (").append(Thread.currentThread().getName()).append(") req=").append(requestId)
                    .append(' ').append(address).append(" \"").append(method).append(' ');
            escaped(line, target, Integer.MAX_VALUE);
            line.append(' ').append(version).append("\" ").append(status).append(' ').append(bytes).append(' ');
            long micros = nanos / 1_000;
            line.append(micros / 1_000).append('.').append((char) ('0' + (micros / 100) % 10)).append(" ms ua=\"");
            escaped(line, userAgent == null ? "-" : userAgent, MAX_USER_AGENT);
            line.append("\"\n");
            if (line.length() >= settings.accessLog().batchSize()) {
                write(batch);
            }
        }
    }

    private void recordJson(Batch batch, String requestId, String address, String method, String target, String version,
                            int status, long bytes, long nanos, String userAgent, String traceParent) {
        StringBuilder line = batch.text;
        long micros = nanos / 1_000;
        line.append("{\"timestamp\":\"");
        batch.timestamp(System.currentTimeMillis());
        line.append("Z\",\"loggerName\":\"access\",\"level\":\"INFO\",\"message\":\"").append(method).append(' ');
        jsonEscaped(line, target, Integer.MAX_VALUE);
        line.append(' ').append(version).append(' ').append(status).append("\",\"threadName\":\"")
                .append(Thread.currentThread().getName()).append("\",\"mdc\":{\"requestId\":\"");
        jsonEscaped(line, requestId, Integer.MAX_VALUE);
        line.append('"');
        if (traceParent != null && traceParent.length() == 55) {
            line.append(",\"traceId\":\"").append(traceParent, 3, 35).append("\",\"spanId\":\"").append(traceParent, 36, 52).append('"');
        }
        line.append("},\"service\":\"").append(service).append("\",\"client\":\"").append(address)
                .append("\",\"method\":\"").append(method).append("\",\"target\":\"");
        jsonEscaped(line, target, Integer.MAX_VALUE);
        line.append("\",\"protocol\":\"").append(version).append("\",\"status\":").append(status)
                .append(",\"bytes\":").append(bytes).append(",\"durationMicros\":").append(micros).append(",\"userAgent\":\"");
        jsonEscaped(line, userAgent == null ? "-" : userAgent, MAX_USER_AGENT);
        line.append("\"}\n");
        if (line.length() >= settings.accessLog().batchSize()) {
            write(batch);
        }
    }

    /** A JSON string's content: printable ASCII but quote and backslash as it is, anything else as \\uXXXX. */
    static void jsonEscaped(StringBuilder line, String text, int max) {
        int end = Math.min(text.length(), max);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (isPlain(c)) {
                line.append(c);
            } else {
                line.append("\\u").append(Character.forDigit((c >> 12) & 0xf, 16)).append(Character.forDigit((c >> 8) & 0xf, 16))
                        .append(Character.forDigit((c >> 4) & 0xf, 16)).append(Character.forDigit(c & 0xf, 16));
            }
        }
        if (text.length() > max) {
            line.append("...");
        }
    }

    /** Writes every batch now (the flusher, and at shutdown). */
    public void flushAll() {
        for (Batch batch : batches) {
            synchronized (batch) {
                write(batch);
            }
        }
    }

    private Batch newBatch() {
        Batch batch = new Batch(settings.accessLog().batchSize(), json ? JSON_SECONDS : SECONDS);
        batches.add(batch);
        return batch;
    }

    /** Called holding the batch's lock; one write for the whole batch, never interleaved with another batch's. */
    private void write(Batch batch) {
        if (batch.text.length() == 0) {
            return;
        }
        int length = batch.text.length();
        byte[] bytes = batch.asciiBytes();
        if (bytes == null) {
            bytes = batch.text.toString().getBytes(StandardCharsets.UTF_8);
            length = bytes.length;
        }
        batch.text.setLength(0);
        synchronized (out) {
            try {
                out.write(bytes, 0, length);
            } catch (IOException e) {
                // Standard output is gone (the process is being stopped): the lines cannot be kept anywhere.
            }
        }
    }

    /** Printable ASCII as it is; quotes, backslashes and anything else as \xHH, at most {@code max} characters. */
    static void escaped(StringBuilder line, String text, int max) {
        int end = Math.min(text.length(), max);
        int plain = 0;
        while (plain < end && isPlain(text.charAt(plain))) {
            plain++;
        }
        line.append(text, 0, plain);
        for (int i = plain; i < end; i++) {
            char c = text.charAt(i);
            if (isPlain(c)) {
                line.append(c);
            } else {
                line.append("\\x").append(Character.forDigit((c >> 4) & 0xf, 16)).append(Character.forDigit(c & 0xf, 16));
                if (c > 0xff) {
                    line.setLength(line.length() - 4);
                    line.append("\\u").append(String.format("%04x", (int) c));
                }
            }
        }
        if (text.length() > max) {
            line.append("...");
        }
    }

    private static boolean isPlain(char c) {
        return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
    }

    /**
     * One thread's pending lines, with its formatted current second so most lines format no date, and the bytes they
     * are written from (kept: a batch is written many times a second under load).
     */
    private static final class Batch {
        final StringBuilder text;
        private byte[] bytes = new byte[0];
        private final DateTimeFormatter seconds;
        private long second = -1;
        private String secondText = "";

        Batch(int size, DateTimeFormatter seconds) {
            text = new StringBuilder(size + 1024);
            this.seconds = seconds;
        }

        /**
         * The pending text as bytes in the kept array (its first {@code text.length()}), or null when the text is not all
         * ASCII. Every field is escaped to printable ASCII, so null means a bug, and the caller encodes it as UTF-8.
         */
        byte[] asciiBytes() {
            int length = text.length();
            if (bytes.length < length) {
                bytes = new byte[Math.max(length, bytes.length * 2)];
            }
            for (int i = 0; i < length; i++) {
                char c = text.charAt(i);
                if (c >= 0x80) {
                    return null;
                }
                bytes[i] = (byte) c;
            }
            return bytes;
        }

        void timestamp(long millis) {
            long s = millis / 1000;
            if (s != second) {
                second = s;
                secondText = seconds.format(Instant.ofEpochMilli(millis));
            }
            int ms = (int) (millis % 1000);
            text.append(secondText).append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10)).append((char) ('0' + ms % 10));
        }
    }
}
