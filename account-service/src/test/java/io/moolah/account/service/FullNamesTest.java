package io.moolah.account.service;

import io.moolah.platform.web.ProblemException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FullNamesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Thandi Nkosi|Thandi Nkosi",
            "  Thandi   Nkosi  |Thandi Nkosi",
            "Jean-Pierre O'Neill|Jean-Pierre O'Neill",
            "Zoë van der Merwe|Zoë van der Merwe",
            "Dr. A. Naidoo|Dr. A. Naidoo",
    })
    void namesAreTidied(String raw, String expected) {
        assertEquals(expected, FullNames.normalise(raw));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "A", "Thandi\u0000Nkosi", "Thandi\nNkosi", "Thandi\u202eNkosi", "Thandi\u200bNkosi",
            "<script>", "12345", "Robert'); DROP TABLE customer;--", "😀 Smile"})
    void badNamesAre400(String raw) {
        ProblemException e = assertThrows(ProblemException.class, () -> FullNames.normalise(raw));
        assertEquals(400, e.status());
    }

    @org.junit.jupiter.api.Test
    void overLongNamesAre400() {
        assertThrows(ProblemException.class, () -> FullNames.normalise("A".repeat(101)));
        assertEquals(100, FullNames.normalise("A".repeat(100)).length());
    }
}
