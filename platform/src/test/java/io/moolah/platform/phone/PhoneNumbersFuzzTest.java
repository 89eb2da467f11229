package io.moolah.platform.phone;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.moolah.platform.web.ProblemException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever a client sends as a phone number is E.164 afterwards, or a 400 (malformed) or 422 (a foreign number)
 * problem: never another exception.
 */
class PhoneNumbersFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void anyTextIsANumberOrA400(String raw) {
        try {
            String normalised = PhoneNumbers.normalise(raw, "phoneNumber");
            assertTrue(normalised.matches("\\+[1-9][0-9]{6,14}"), normalised);
            assertEquals(normalised, PhoneNumbers.normalise(normalised, "phoneNumber"), "normalising twice changes nothing");
        } catch (ProblemException problem) {
            assertTrue(problem.status() == 400 && problem.code().equals("VALIDATION_FAILED")
                    || problem.status() == 422 && problem.code().equals("UNSUPPORTED_PHONE_NUMBER"), problem.status() + " " + problem.code());
        }
    }
}
