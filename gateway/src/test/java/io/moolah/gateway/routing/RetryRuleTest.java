package io.moolah.gateway.routing;

import io.moolah.gateway.exchange.RouteTable;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which requests the gateway may send to a second instance after the first failed. */
class RetryRuleTest {

    private static boolean mayRepeat(String method, String path, boolean key) {
        return Forwarder.mayRepeat(RouteTable.routeFor(method, path).orElseThrow(), method, key);
    }

    @Test
    void signInsAreNeverRepeatedEvenWithAnIdempotencyKey() {
        assertFalse(mayRepeat("POST", "/api/v1/auth/refresh", true), "a refresh twice would revoke the session");
        assertFalse(mayRepeat("POST", "/api/v1/auth/refresh", false));
        assertFalse(mayRepeat("POST", "/api/v1/auth/login", true));
        assertFalse(mayRepeat("POST", "/api/v1/auth/register", true));
        assertFalse(mayRepeat("POST", "/api/v1/admin/auth/login", true), "a one-time code works once");
    }

    @Test
    void safeAndKeyedRequestsAreRepeated() {
        assertTrue(mayRepeat("GET", "/api/v1/me", false));
        assertTrue(mayRepeat("POST", "/api/v1/transfers", true));
        assertFalse(mayRepeat("POST", "/api/v1/transfers", false));
    }
}
