package io.moolah.platform.web;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestIdsTest {

    @Test
    void newIdsAreVersionFourUuidsAndDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = RequestIds.newId();
            UUID parsed = UUID.fromString(id);
            assertEquals(4, parsed.version(), id);
            assertEquals(2, parsed.variant(), id);
            assertEquals(id, parsed.toString());
            assertTrue(seen.add(id), "repeated " + id);
        }
    }

    @Test
    void aCallersIdIsKeptOnlyWhenItCannotForgeALogLine() {
        for (String sane : new String[]{"a", "0c0e2f5e-16b6-4074-8685-123daf0859e7", "trace.1:2_3-4", "x".repeat(128)}) {
            assertTrue(RequestIds.isSane(sane), sane);
            assertEquals(sane, RequestIds.idOf(sane));
        }
        for (String hostile : new String[]{"", "x".repeat(129), "a b", "a\nb", "a\r\nX-Evil: 1", "\"quoted\"", "é", "a/b", "a%0a"}) {
            assertFalse(RequestIds.isSane(hostile), hostile);
            assertNotEquals(hostile, RequestIds.idOf(hostile));
        }
        assertEquals(36, RequestIds.idOf((String) null).length());
    }

    @Test
    void theCheckAgreesWithTheCharacterClassItReplacedForEveryShortString() {
        java.util.regex.Pattern rule = java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,128}");
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 20_000; i++) {
            char[] chars = new char[random.nextInt(4)];
            for (int j = 0; j < chars.length; j++) {
                chars[j] = (char) random.nextInt(160);
            }
            String candidate = new String(chars);
            assertEquals(rule.matcher(candidate).matches(), RequestIds.isSane(candidate), () -> "for " + candidate.chars().boxed().toList());
        }
    }
}
