package io.moolah.gateway.routing;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResponseCompressionTest {

    @Test
    void onlyLargeJsonForClientsThatAcceptGzipAndNotAlreadyEncoded() {
        assertTrue(ResponseCompression.applies("gzip, deflate", null, "application/json", 2048));
        assertTrue(ResponseCompression.applies("br;q=1.0, gzip;q=0.8", null, "application/problem+json", 1024));
        assertFalse(ResponseCompression.applies("gzip", null, "application/json", 1023), "below the threshold");
        assertFalse(ResponseCompression.applies("gzip;q=0", null, "application/json", 4096), "refused by the client");
        assertFalse(ResponseCompression.applies("deflate", null, "application/json", 4096));
        assertFalse(ResponseCompression.applies(null, null, "application/json", 4096));
        assertFalse(ResponseCompression.applies("gzip", "br", "application/json", 4096), "already encoded");
        assertFalse(ResponseCompression.applies("gzip", null, "image/png", 4096));
        // Found by fuzzing: a coding that is only ";" threw on the response path.
        assertFalse(ResponseCompression.applies(";", null, "application/json", 4096));
        assertTrue(ResponseCompression.applies("; , gzip", null, "application/json", 4096));
    }

    @Test
    void gzipRoundTrips() throws IOException {
        byte[] original = "{\"items\":[]}".repeat(200).getBytes();
        byte[] zipped = ResponseCompression.gzip(Unpooled.wrappedBuffer(original));
        assertTrue(zipped.length < original.length);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped))) {
            assertArrayEquals(original, in.readAllBytes());
        }
    }
}
