package io.moolah.gateway.telemetry;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AccessLogTest {

    private static String escaped(String text, int max) {
        StringBuilder line = new StringBuilder();
        AccessLog.escaped(line, text, max);
        return line.toString();
    }

    @Test
    void printableTextIsKeptAndNothingCanEndTheFieldOrTheLine() {
        assertEquals("curl/8.1 (x86_64)", escaped("curl/8.1 (x86_64)", 256));
        assertEquals("a\\x22 ok=\\x22yes", escaped("a\" ok=\"yes", 256));
        assertEquals("back\\x5cslash", escaped("back\\slash", 256));
        assertEquals("line\\x0aforged\\x0d", escaped("line\nforged\r", 256));
        assertEquals("tab\\x09\\x7f", escaped("tab\t\u007f", 256));
        assertEquals("caf\\xe9 \\u2028", escaped("café \u2028", 256));
    }

    /** The JSON line's strings: whatever a client sends, it is one valid JSON string (read back as it was sent). */
    @Test
    void jsonStringsHoldAnyTextAndReadBackAsSent() throws Exception {
        String[] hostile = {"curl/8.1", "a\" ok=\"yes", "back\\slash", "line\nforged\r", "tab\t\u007f", "café \u2028", "\u0000\ud83d"};
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String text : hostile) {
            StringBuilder json = new StringBuilder("\"");
            AccessLog.jsonEscaped(json, text, 256);
            json.append('"');
            assertEquals(text, mapper.readValue(json.toString(), String.class), json.toString());
        }
    }

    @Test
    void longTextIsCut() {
        assertEquals("abc...", escaped("abcdef", 3));
    }
}
