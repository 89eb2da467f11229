package io.moolah.gateway.routing;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which headers cross the gateway between client and service, and how a service's answer's headers are relayed. */
class ForwardedHeadersTest {

    @Test
    void hopByHopHeadersAreKnownInAnyCase() {
        for (String name : List.of("Connection", "KEEP-ALIVE", "proxy-authenticate", "Proxy-Authorization", "TE", "Trailer",
                "transfer-encoding", "Upgrade", "host", "Content-Length")) {
            assertTrue(Forwarder.isHopByHop(name), name);
        }
        for (String name : List.of("Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id", "Tee", "Hosts", "")) {
            assertFalse(Forwarder.isHopByHop(name), name);
        }
    }

    @Test
    void theServicesHeadersReplaceTheGatewaysAndRepeatedOnesAreAllKept() {
        MultiMap answer = MultiMap.caseInsensitiveMultiMap()
                .add("X-Request-Id", "from-service")
                .add("Set-Cookie", "a=1")
                .add("set-cookie", "b=2")
                .add("Connection", "keep-alive")
                .add("Content-Type", "application/json");
        HttpHeaders out = new DefaultHttpHeaders()
                .add("X-Request-Id", "from-gateway")
                .add("RateLimit", "\"address\";r=5;t=1");
        Forwarder.copyHeaders(answer.iterator(), out);
        assertEquals(List.of("from-service"), out.getAll("X-Request-Id"));
        assertEquals(List.of("a=1", "b=2"), out.getAll("Set-Cookie"));
        assertNull(out.get("Connection"));
        assertEquals("application/json", out.get("Content-Type"));
        assertEquals("\"address\";r=5;t=1", out.get("RateLimit"));
    }
}
