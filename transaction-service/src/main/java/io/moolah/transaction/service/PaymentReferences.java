package io.moolah.transaction.service;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/** The hold references that belong to provider payments: {@code qr:<paymentId>} and {@code refund:<paymentId>}. */
public final class PaymentReferences {
    private static final Pattern WELL_FORMED = Pattern.compile(
            "(qr|refund):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private PaymentReferences() {
    }

    /** Whether a customer's reference would look like a payment's (any case, any spacing before it). */
    public static boolean isReserved(String reference) {
        if (reference == null) {
            return false;
        }
        String text = reference.strip().toLowerCase(Locale.ROOT);
        return text.startsWith("qr:") || text.startsWith("refund:");
    }

    /** Whether the payment service's reference is exactly one of the two shapes, with a lower-case payment id. */
    public static boolean isWellFormed(String reference) {
        return reference != null && WELL_FORMED.matcher(reference).matches()
                && UUID.fromString(reference.substring(reference.indexOf(':') + 1)).toString()
                .equals(reference.substring(reference.indexOf(':') + 1));
    }
}
