package io.moolah.gateway.server;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestTargetsTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "/api/v1/me", "/api/v1/wallets/3f1c-9a/balance", "limit=20&cursor=AbC-_~.", "a=%41%7e%7E",
            "x=1;y=2", "at=2026-12-06T09:10:29Z", "q=it's(ok)!*+,$@:/?", "%00"})
    void allowsWhatRfc3986Allows(String part) {
        assertTrue(RequestTargets.wellFormed(part));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a|b", "{", "}", "\\", "\"", "<", ">", "^", "`", " ", "[", "]", "#", "%", "%4", "%4G", "%ZZ", "a%",
            "\u00e9", "\u0000", "\t", "\u007f"})
    void refusesEverythingElse(String part) {
        assertFalse(RequestTargets.wellFormed(part));
        assertFalse(RequestTargets.wellFormed("/api/v1/" + part + "/x"));
    }
}
