package io.moolah.account.service;

import io.moolah.platform.web.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PinPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {"11111", "00000", "99999", "12345", "01234", "56789", "54321", "98765", "43210", "12121", "90909"})
    void guessablePinsAreRefused(String pin) {
        ProblemException e = assertThrows(ProblemException.class, () -> PinPolicy.requireStrong(pin, "+27821234567"));
        assertEquals(422, e.status());
        assertEquals("WEAK_PIN", e.code());
    }

    @Test
    void aPinThatIsPartOfThePhoneNumberIsRefused() {
        ProblemException e = assertThrows(ProblemException.class, () -> PinPolicy.requireStrong("34567", "+27821234567"));
        assertEquals("WEAK_PIN", e.code());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"1234", "123456", "12a45", "١٢٣٤٥", " 8042", "8042 ", "80 26", "-8042"})
    void notFiveDigitsIs400(String pin) {
        ProblemException e = assertThrows(ProblemException.class, () -> PinPolicy.requireStrong(pin, "+27821234567"));
        assertEquals(400, e.status());
        assertEquals("VALIDATION_FAILED", e.code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"80426", "13579", "27182", "50731"})
    void ordinaryPinsPass(String pin) {
        assertDoesNotThrow(() -> PinPolicy.requireStrong(pin, "+27821234567"));
    }
}
