package io.moolah.platform.web;

/** The {@code Idempotency-Key} header's rule, the same in every service: 1 to 128 printable ASCII characters. */
public final class IdempotencyKeys {
    public static final String HEADER = "Idempotency-Key";

    private IdempotencyKeys() {
    }

    /** The key, or a 400 problem: IDEMPOTENCY_KEY_REQUIRED when missing, INVALID_IDEMPOTENCY_KEY when malformed. */
    public static String require(String key) {
        if (key == null || key.isEmpty()) {
            throw ProblemException.badRequest("IDEMPOTENCY_KEY_REQUIRED", "Send an Idempotency-Key header (1 to 128 characters).");
        }
        if (key.length() > 128 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw ProblemException.badRequest("INVALID_IDEMPOTENCY_KEY",
                    "The Idempotency-Key must be 1 to 128 printable ASCII characters without spaces.");
        }
        return key;
    }
}
