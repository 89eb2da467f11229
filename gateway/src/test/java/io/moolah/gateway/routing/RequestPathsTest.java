package io.moolah.gateway.routing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestPathsTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "/api/v1/auth/login",
            "/api/v1/auth/jwks.json",
            "/api/v1/wallets/0b6f5c3e-6a39-4a55-9e1c-2b8f3a1d9c77/balance",
            "/api/v1/holds/h-1/void",
            "/api/v1/payments/a~b_c.d",
            "/api/v1/payments/...",
            "/api/v1/payments/.hidden",
            "/api/v1/payments/p%20q",
            "/api/v1/payments/caf%C3%A9",
            "/api/v1/payments/caf%c3%a9",
            "/api/v1/payments/a%3Fb",
            "/api/v1/payments/x:y@z!$&'()*+,="})
    void plainPathsAreCanonical(String path) {
        assertTrue(RequestPaths.isCanonical(path), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // dot segments, plain and escaped
            "/api/v1/auth/x/../login", "/api/v1/webhooks/../topups", "/api/v1/holds/../wallets/w/balance",
            "/api/v1/./me", "/api/v1/me/.", "/api/v1/me/..", "/api/v1/auth/x/%2e%2e/login", "/api/v1/auth/x/%2E%2E/login",
            "/api/v1/auth/x/.%2e/login", "/api/v1/%2e/me",
            // escaped separators and backslashes
            "/api/v1/webhooks%2f..%2ftopups", "/api/v1/webhooks%2F..%2Ftopups", "/api/v1/webhooks%5c..%5ctopups",
            "/api/v1/webhooks\\..\\topups",
            // empty segments
            "/api/v1//me", "//api/v1/me", "/api/v1/me/", "/",
            // escaped plain characters: another spelling of a route's own path
            "/api/v1/auth/logi%6E", "/api/v1/%6De", "/api/v1/auth/login%2D",
            // matrix parameters, controls, broken escapes, raw characters a path may not hold
            "/api/v1/auth/login;x=1", "/api/v1/auth/login%3B", "/api/v1/wallets/%00/balance", "/api/v1/me%0A",
            "/api/v1/me%7F", "/api/v1/me%25", "/api/v1/me%", "/api/v1/me%2", "/api/v1/me%ZZ", "/api/v1/me%G0",
            "/api/v1/wallets/{uuid}/balance", "/api/v1/me#x", "/api/v1/me?", "/api/v1/m e", "/api/v1/café", "/api/v1/me|",
            "", "api/v1/me", "*"})
    void otherSpellingsAreNot(String path) {
        assertFalse(RequestPaths.isCanonical(path), path);
    }
}
