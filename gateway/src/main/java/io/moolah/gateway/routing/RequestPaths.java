package io.moolah.gateway.routing;

/**
 * The one spelling of a path the gateway routes. Routes, access rules and rate-limit buckets are decided on the path as
 * sent, and that same path is forwarded; the services normalise a path before they route it (dot segments, escapes of
 * plain characters, empty segments, matrix parameters), so any other spelling could reach one service route under
 * another route's rules ({@code /auth/x/../login} under the customer rules instead of the login limit). No client of
 * the API needs another spelling, so the gateway refuses it (400 {@code MALFORMED_PATH}) rather than normalise it too.
 */
final class RequestPaths {
    private RequestPaths() {
    }

    /**
     * Whether {@code path} is canonical: "/" and non-empty segments separated by "/", none of them "." or "..", made of
     * RFC 3986 unreserved characters, sub-delimiters other than ";", ":" and "@", and percent-escapes of octets that
     * have no plain spelling here: not a character allowed as is, not a separator ("/", "\", ";", "%"), not a control.
     */
    static boolean isCanonical(String path) {
        if (path == null || path.isEmpty() || path.charAt(0) != '/') {
            return false;
        }
        int segmentStart = 1;
        for (int i = 1; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '/') {
                if (!isSegment(path, segmentStart, i)) {
                    return false;
                }
                segmentStart = i + 1;
            }
        }
        return true;
    }

    private static boolean isSegment(String path, int from, int to) {
        int length = to - from;
        if (length == 0) {
            return false;
        }
        if (path.charAt(from) == '.' && (length == 1 || (length == 2 && path.charAt(from + 1) == '.'))) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = path.charAt(i);
            if (c == '%') {
                if (i + 2 >= to) {
                    return false;
                }
                int high = hex(path.charAt(i + 1));
                int low = hex(path.charAt(i + 2));
                if (high < 0 || low < 0 || !mayBeEscaped((high << 4) | low)) {
                    return false;
                }
                i += 2;
            } else if (!isPlain(c)) {
                return false;
            }
        }
        return true;
    }

    /** Unreserved characters, sub-delimiters, ":" and "@", as a segment may hold them; not ";" (matrix parameters). */
    private static boolean isPlain(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-._~!$&'()*+,=:@".indexOf(c) >= 0;
    }

    /** Non-ASCII (UTF-8) octets, and ASCII ones that may not appear as is and are neither separators nor controls. */
    private static boolean mayBeEscaped(int octet) {
        if (octet >= 0x80) {
            return true;
        }
        return octet >= 0x20 && octet != 0x7f && !isPlain(octet) && "/\\;%".indexOf(octet) < 0;
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
