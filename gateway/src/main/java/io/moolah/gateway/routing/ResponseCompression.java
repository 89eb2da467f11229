package io.moolah.gateway.routing;

import io.netty.buffer.ByteBuf;


import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * gzip for forwarded answers: JSON of at least {@link #THRESHOLD_BYTES}, when the client accepts gzip and the service
 * has not encoded the answer itself. Smaller answers are sent as they are: gzip would cost more than it saves.
 */
public final class ResponseCompression {
    static final int THRESHOLD_BYTES = 1024;

    private ResponseCompression() {
    }

    static boolean applies(String acceptEncoding, String contentEncoding, String contentType, int length) {
        return length >= THRESHOLD_BYTES
                && contentEncoding == null
                && contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json")
                && acceptsGzip(acceptEncoding);
    }

    /** Whether {@code Accept-Encoding} takes gzip (not with {@code q=0}). */
    public static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String coding : acceptEncoding.toLowerCase(Locale.ROOT).split(",")) {
            // ";" alone splits into nothing (fuzzing found it: an exception on the response path).
            String[] parts = coding.trim().split(";");
            if (parts.length > 0 && parts[0].trim().equals("gzip")) {
                return parts.length < 2 || !parts[1].replace(" ", "").matches("q=0(\\.0*)?");
            }
        }
        return false;
    }

    /** The body gzipped; {@code body} itself is left as it was (not released). */
    static byte[] gzip(ByteBuf body) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(body.readableBytes() / 3 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            body.getBytes(body.readerIndex(), gzip, body.readableBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return compressed.toByteArray();
    }
}
