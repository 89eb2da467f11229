package io.moolah.platform.security;

/** The token in an {@code Authorization: Bearer ...} header, read the same way by every service and the gateway. */
public final class BearerTokens {
    private static final String BEARER = "Bearer ";

    private BearerTokens() {
    }

    /**
     * The token after "Bearer " (any case), trimmed, possibly empty; null when the header is missing, is another scheme
     * or has nothing after the scheme.
     */
    public static String of(String header) {
        if (header == null || header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return header.substring(BEARER.length()).trim();
    }
}
