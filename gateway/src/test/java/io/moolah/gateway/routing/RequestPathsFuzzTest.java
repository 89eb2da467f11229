package io.moolah.gateway.routing;

import io.moolah.gateway.exchange.RouteTable;
import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** Any request path is judged canonical or not, never a crash; a canonical one has no dot segment or ';'. */
class RequestPathsFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void anyPathIsJudged(String path) {
        if (RequestPaths.isCanonical(path)) {
            assertFalse(path.contains("/../") || path.endsWith("/..") || path.contains("/./") || path.contains(";"), path);
            RouteTable.routeFor("GET", path);
            RouteTable.routeFor("POST", path);
        }
    }
}
