package io.moolah.platform.web;

/** The {@code limit} of a listed page (history, holds, payments): 20 unless given, a whole number from 1 to 100. */
public final class PageLimit {
    public static final int DEFAULT = 20;
    public static final int MAX = 100;

    private PageLimit() {
    }

    public static int of(String text) {
        if (text == null) {
            return DEFAULT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw ProblemException.invalidField("limit", "must be a whole number from 1 to " + MAX);
    }
}
