package io.moolah.platform.web;

/**
 * The {@code Min-Version} header (read-your-writes, docs/api.md): the wallet version a client was given by a write; a
 * read must not answer anything older. The cache-service takes it from clients and passes it on to the ledger, whose
 * replicas answer only when they have reached it.
 */
public final class MinVersion {
    public static final String HEADER = "Min-Version";

    private MinVersion() {
    }

    /** 0 when absent; 400 {@code VALIDATION_FAILED} unless a whole number of 0 or more. */
    public static long parse(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        try {
            long version = Long.parseLong(text);
            if (version >= 0) {
                return version;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw ProblemException.badRequest("VALIDATION_FAILED", "Min-Version must be a whole number, 0 or more.");
    }
}
