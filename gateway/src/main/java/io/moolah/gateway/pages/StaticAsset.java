package io.moolah.gateway.pages;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;

/**
 * A file the gateway serves from memory: its bytes, gzipped once at start when that saves something, a strong ETag
 * from its content, and its caching policy.
 */
public record StaticAsset(byte[] bytes, byte[] gzipped, String contentType, String etag, String cacheControl) {
    /** Hashed names never change content: a year, and never revalidated. */
    public static final String IMMUTABLE = "public, max-age=31536000, immutable";
    /** Names that stay (the page, the contract): cached, but asked again (a 304 when unchanged). */
    public static final String REVALIDATE = "no-cache";

    private static final int WORTH_GZIP = 1024;

    public static StaticAsset of(byte[] bytes, String contentType, String cacheControl) {
        byte[] gzipped = bytes.length >= WORTH_GZIP && compressible(contentType) ? gzip(bytes) : null;
        if (gzipped != null && gzipped.length >= bytes.length) {
            gzipped = null;
        }
        return new StaticAsset(bytes, gzipped, contentType, "\"" + hash(bytes) + "\"", cacheControl);
    }

    /** The first 12 characters of the content's SHA-256 (URL-safe base64): a name or ETag that changes with it. */
    public static String hash(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean compressible(String contentType) {
        return contentType.startsWith("text/") || contentType.contains("json") || contentType.contains("javascript");
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
