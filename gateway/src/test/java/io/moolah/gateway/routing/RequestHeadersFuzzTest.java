package io.moolah.gateway.routing;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vertx.core.buffer.Buffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the gateway reads from a request before forwarding it: Content-Type, Accept-Encoding and whether the body is
 * one JSON value. Each is judged without an exception (the gateway answers 415, 400 or forwards), and gzip only when
 * the client said it accepts it.
 */
class RequestHeadersFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void anyHeadersAndBodyAreJudged(FuzzedDataProvider data) throws java.io.IOException {
        String contentType = data.consumeString(200);
        String acceptEncoding = data.consumeString(200);
        String responseType = data.consumeString(100);
        int length = data.consumeInt(0, 10_000_000);
        byte[] body = data.consumeRemainingAsBytes();

        RequestHygiene.isJson(contentType);
        RequestHygiene.isWellFormed(Buffer.buffer(body));
        if (ResponseCompression.applies(acceptEncoding, null, responseType, length)) {
            assertTrue(acceptEncoding.toLowerCase(java.util.Locale.ROOT).contains("gzip"), acceptEncoding);
            byte[] compressed = ResponseCompression.gzip(io.netty.buffer.Unpooled.wrappedBuffer(body));
            try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(compressed))) {
                assertArrayEquals(body, in.readAllBytes(), "gzip gives the body back");
            }
        }
    }
}
