package io.moolah.platform.web;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.moolah.platform.security.BearerTokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The header values and query times every service reads from the internet: Authorization (the bearer token),
 * Idempotency-Key, and ISO times and dates (history filters, hold expiry). Each is a value or a 400 problem with its
 * stable code, never another exception (a 500).
 */
class HeaderValuesFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void anyHeaderValueIsReadOrRefusedWithA400(FuzzedDataProvider data) {
        String value = data.consumeRemainingAsString();

        String token = BearerTokens.of(value);
        if (token != null) {
            // Trimmed of ASCII space and controls as HTTP does (other Unicode space stays, and fails verification: 401).
            assertEquals(token.trim(), token, "the token is trimmed");
        }

        try {
            String key = IdempotencyKeys.require(value);
            assertTrue(key.length() >= 1 && key.length() <= 128 && key.chars().allMatch(c -> c > 0x20 && c < 0x7f), key);
        } catch (ProblemException problem) {
            assertProblem(problem, "IDEMPOTENCY_KEY_REQUIRED", "INVALID_IDEMPOTENCY_KEY");
        }

        try {
            TimeParameters.instant("from", value);
        } catch (ProblemException problem) {
            assertProblem(problem, "VALIDATION_FAILED");
        }
        try {
            TimeParameters.date("date", value);
        } catch (ProblemException problem) {
            assertProblem(problem, "VALIDATION_FAILED");
        }
    }

    private static void assertProblem(ProblemException problem, String... codes) {
        assertEquals(400, problem.status(), problem.code());
        assertTrue(java.util.List.of(codes).contains(problem.code()), problem.code());
    }
}
