package io.moolah.gateway.server;

/**
 * Whether a request's path and query are made of the characters RFC 3986 allows there: unreserved, sub-delimiters,
 * {@code : @ / ?} and percent-escapes of two hex digits. Anything else ({@code | { } \ " < > ^ `}, spaces, brackets,
 * control or non-ASCII characters, a broken escape such as {@code %ZZ}) is refused before routing, as
 * {@code java.net.URI} refused it when Quarkus's request layer served the public port; now with a problem body.
 */
final class RequestTargets {
    private static final boolean[] ALLOWED = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            ALLOWED[c] = true;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            ALLOWED[c] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            ALLOWED[c] = true;
        }
        for (char c : "-._~!$&'()*+,;=:@/?".toCharArray()) {
            ALLOWED[c] = true;
        }
    }

    private RequestTargets() {
    }

    /** @param part a path or a query as sent (null or empty is well formed: the router decides on those) */
    static boolean wellFormed(String part) {
        if (part == null) {
            return true;
        }
        int length = part.length();
        for (int i = 0; i < length; i++) {
            char c = part.charAt(i);
            if (c == '%') {
                if (i + 2 >= length || !isHex(part.charAt(i + 1)) || !isHex(part.charAt(i + 2))) {
                    return false;
                }
                i += 2;
            } else if (c >= 128 || !ALLOWED[c]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
