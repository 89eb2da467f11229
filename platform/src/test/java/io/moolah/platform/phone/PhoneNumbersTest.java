package io.moolah.platform.phone;

import io.moolah.platform.web.ProblemException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PhoneNumbersTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "+27821234567   | +27821234567",
            "0821234567     | +27821234567",
            "082 123 4567   | +27821234567",
            "082-123-4567   | +27821234567",
            "(082) 123 4567 | +27821234567",
            "27821234567    | +27821234567",
            "0027821234567  | +27821234567",
            "+27 61 234 5678| +27612345678",
            "0712345678     | +27712345678",
    })
    void southAfricanFormsBecomeE164(String raw, String expected) {
        assertEquals(expected, PhoneNumbers.normalise(raw));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "082123456", "08212345678", "0121234567", "+27121234567", "082123456a",
            "phone", "+27-82-123-45-67-89", "0821234567\u0000", "+", "0000000000", "1234567890123456789012345678901234"})
    void malformedOrNonMobileNumbersAre400(String raw) {
        ProblemException e = assertThrows(ProblemException.class, () -> PhoneNumbers.normalise(raw));
        assertEquals(400, e.status());
        assertEquals("VALIDATION_FAILED", e.code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"+447911123456", "+12025550123", "00447911123456", "+263771234567"})
    void foreignNumbersAre422(String raw) {
        ProblemException e = assertThrows(ProblemException.class, () -> PhoneNumbers.normalise(raw));
        assertEquals(422, e.status());
        assertEquals("UNSUPPORTED_PHONE_NUMBER", e.code());
    }
}
