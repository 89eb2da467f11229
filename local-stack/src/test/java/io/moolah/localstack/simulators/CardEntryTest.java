package io.moolah.localstack.simulators;

import org.junit.jupiter.api.Test;

import java.time.YearMonth;
import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CardEntryTest {
    private static final YearMonth DECEMBER_2026 = YearMonth.of(2026, 12);

    @Test
    void aGoodCardHasNoProblems() {
        assertEquals(Set.of(), new CardEntry("A Shopper", "4242 4242 4242 4242", "12/26", "123").problems(DECEMBER_2026));
        assertEquals(Set.of(), new CardEntry("A Shopper", "4000000000000002", "01/30", "1234").problems(DECEMBER_2026));
    }

    @Test
    void theTestCardsAreLuhnValidAndOneDigitOffIsNot() {
        assertTrue(CardEntry.luhnValid(PeachSimulator.DECLINED_CARD));
        assertTrue(CardEntry.luhnValid(PeachSimulator.PROCESSING_ERROR_CARD));
        assertTrue(CardEntry.luhnValid("4242424242424242"));
        assertFalse(CardEntry.luhnValid("4242424242424241"));
        assertFalse(CardEntry.luhnValid(""));
    }

    @Test
    void everyFieldIsChecked() {
        assertEquals(EnumSet.allOf(CardEntry.Problem.class), CardEntry.EMPTY.problems(DECEMBER_2026));
        assertEquals(Set.of(CardEntry.Problem.CARD), new CardEntry("A", "4242-4242-4242-4242", "12/26", "123").problems(DECEMBER_2026));
        assertEquals(Set.of(CardEntry.Problem.CARD), new CardEntry("A", "4242 4242 4242 4241", "12/26", "123").problems(DECEMBER_2026));
        assertEquals(Set.of(CardEntry.Problem.CARD), new CardEntry("A", "42424242424", "12/26", "123").problems(DECEMBER_2026));
        assertEquals(Set.of(CardEntry.Problem.CARD), new CardEntry("A", "4".repeat(20), "12/26", "123").problems(DECEMBER_2026));
        assertEquals(Set.of(CardEntry.Problem.CVV), new CardEntry("A", "4242424242424242", "12/26", "12").problems(DECEMBER_2026));
        assertEquals(Set.of(CardEntry.Problem.CVV), new CardEntry("A", "4242424242424242", "12/26", "12a").problems(DECEMBER_2026));
        assertEquals(Set.of(CardEntry.Problem.HOLDER), new CardEntry(" ", "4242424242424242", "12/26", "123").problems(DECEMBER_2026));
    }

    @Test
    void aCardIsGoodUntilTheEndOfItsExpiryMonth() {
        assertTrue(CardEntry.expiresInOrAfter("12/26", DECEMBER_2026));
        assertTrue(CardEntry.expiresInOrAfter("01 / 27", DECEMBER_2026));
        assertFalse(CardEntry.expiresInOrAfter("11/26", DECEMBER_2026));
        assertFalse(CardEntry.expiresInOrAfter("13/27", DECEMBER_2026));
        assertFalse(CardEntry.expiresInOrAfter("00/27", DECEMBER_2026));
        assertFalse(CardEntry.expiresInOrAfter("1227", DECEMBER_2026));
        assertFalse(CardEntry.expiresInOrAfter("12/2027", DECEMBER_2026));
    }

    @Test
    void theFormIsReadFromItsUrlEncodedBody() {
        CardEntry entry = CardEntry.fromForm("holder=A+Sh%C3%B6pper&card=4242+4242+4242+4242&expiry=12%2F26&cvv=123&holder=second");
        assertEquals(new CardEntry("A Shöpper", "4242 4242 4242 4242", "12/26", "123"), entry);
        assertEquals("4242424242424242", entry.cardDigits());
        assertEquals(CardEntry.EMPTY, CardEntry.fromForm("holder=%zz"));
    }
}
