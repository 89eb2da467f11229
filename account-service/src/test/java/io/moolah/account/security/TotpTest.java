package io.moolah.account.security;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TotpTest {
    /** RFC 6238's SHA-1 secret, "12345678901234567890". */
    private static final byte[] SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void rfc6238TestVectorsSixDigits() {
        // Appendix B's 8-digit values, last six digits.
        assertEquals("287082", Totp.code(SECRET, 59 / 30));
        assertEquals("081804", Totp.code(SECRET, 1111111109L / 30));
        assertEquals("050471", Totp.code(SECRET, 1111111111L / 30));
        assertEquals("005924", Totp.code(SECRET, 1234567890L / 30));
        assertEquals("279037", Totp.code(SECRET, 2000000000L / 30));
    }

    @Test
    void aCodeMatchesItsStepAndTheNeighboursOnly() {
        Instant now = Instant.ofEpochSecond(1234567890L);
        long step = 1234567890L / 30;
        assertEquals(step, Totp.matchingStep(SECRET, Totp.code(SECRET, step), now));
        assertEquals(step - 1, Totp.matchingStep(SECRET, Totp.code(SECRET, step - 1), now));
        assertEquals(step + 1, Totp.matchingStep(SECRET, Totp.code(SECRET, step + 1), now));
        assertEquals(-1, Totp.matchingStep(SECRET, Totp.code(SECRET, step - 2), now));
        assertEquals(-1, Totp.matchingStep(SECRET, "12345", now));
        assertEquals(-1, Totp.matchingStep(SECRET, "abcdef", now));
        assertEquals(-1, Totp.matchingStep(SECRET, null, now));
    }

    @Test
    void base32AsAuthenticatorAppsWriteIt() {
        assertArrayEquals(SECRET, Totp.base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"));
        assertArrayEquals(SECRET, Totp.base32("gezd gnbv gy3t qojq gezd gnbv gy3t qojq"));
    }
}
