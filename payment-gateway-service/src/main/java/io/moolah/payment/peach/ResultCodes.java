package io.moolah.payment.peach;

import java.util.regex.Pattern;

/**
 * Reads a Peach Payments result code ({@code result.code}, e.g. {@code 000.100.110}) as an {@link Outcome}.
 *
 * <p>Peach answers HTTP 200 for declined payments too, so the result code is the only thing that says whether money
 * moved. Peach tells merchants not to match codes one by one but to classify them with its published regular
 * expressions, which is what this class does.
 *
 * <p>Sources (read 2026):
 * <ul>
 *   <li><a href="https://developer.peachpayments.com/docs/dashboard-response-codes">Peach: Response codes</a> —
 *       codes have the form {@code ddd.ddd.ddd}; the "Successful" group is
 *       {@code /^(000.000.|000.100.1|000.[36]|000.400.[1][12]0)/} (dots unescaped on that page; this class escapes
 *       them, which is the same thing once the code has been checked to be {@code ddd.ddd.ddd}). The page also says
 *       Payment Links and Payouts use four digits in the first group; those codes are out of scope here.</li>
 *   <li>The OPPWA result-code reference that Peach card processing is built on (read as published at
 *       <a href="https://hyperpay.docs.oppwa.com/reference/resultCodes">hyperpay.docs.oppwa.com</a>; Peach serves
 *       its list at {@code https://sandbox-card.peachpayments.com/v1/resultcodes}) gives the other groups:
 *       successful but review manually {@code /^(000\.400\.0[^3]|000\.400\.100)/}; pending
 *       {@code /^(000\.200)/}; pending for days (non-instant payments, external risk review)
 *       {@code /^(800\.400\.5|100\.400\.500)/}. Everything else is a rejection of some kind (bank, risk,
 *       validation, communication, system). Note {@code 000.400.030} is deliberately excluded from review: it is in
 *       the communication-error group ({@code /^(900\.[1234]00|000\.400\.030)/}).</li>
 *   <li><a href="https://support.peachpayments.com/support/solutions/articles/47001098751">Peach support: How to
 *       handle pending and manual review card payment return codes</a> — review codes are successful: "the customer
 *       would have been charged"; they exist so the merchant can act (e.g. review) on them.</li>
 * </ul>
 *
 * <p>Anything that is not exactly {@code ddd.ddd.ddd} (null, blank, padded, other lengths, non-ASCII digits) is
 * {@link Outcome#UNKNOWN}: never a success, and kept apart from {@link Outcome#REJECTED} so that the caller does not
 * record a definite failure (and tell a customer their money did not move) on input it could not read.
 */
public final class ResultCodes {

    /** What a result code says happened to a transaction. */
    public enum Outcome {
        /** Money moved (or, for a non-payment request, the request succeeded). */
        SUCCEEDED,
        /** Money moved, but Peach flagged the transaction (fraud suspicion, AVS, 3-D Secure, risk) for a person. */
        SUCCEEDED_NEEDS_REVIEW,
        /** Not final yet: wait for a webhook or query the status again. */
        PENDING,
        /** Final: the transaction did not go through. */
        REJECTED,
        /** Not a result code at all; treat as not succeeded and investigate rather than retry blindly. */
        UNKNOWN;

        /** True only when Peach says the customer was charged, with or without a review flag. */
        public boolean isSuccessful() {
            return this == SUCCEEDED || this == SUCCEEDED_NEEDS_REVIEW;
        }
    }

    private static final Pattern WELL_FORMED = Pattern.compile("[0-9]{3}\\.[0-9]{3}\\.[0-9]{3}");
    private static final Pattern SUCCESSFUL =
            Pattern.compile("^(000\\.000\\.|000\\.100\\.1|000\\.[36]|000\\.400\\.1[12]0)");
    private static final Pattern SUCCESSFUL_REVIEW = Pattern.compile("^(000\\.400\\.0[^3]|000\\.400\\.100)");
    private static final Pattern PENDING = Pattern.compile("^(000\\.200)");
    private static final Pattern PENDING_FOR_DAYS = Pattern.compile("^(800\\.400\\.5|100\\.400\\.500)");

    private ResultCodes() {
    }

    /** Classifies {@code code}; never throws, and never answers a success for input it cannot read. */
    public static Outcome classify(String code) {
        if (code == null || !WELL_FORMED.matcher(code).matches()) {
            return Outcome.UNKNOWN;
        }
        if (SUCCESSFUL.matcher(code).find()) {
            return Outcome.SUCCEEDED;
        }
        if (SUCCESSFUL_REVIEW.matcher(code).find()) {
            return Outcome.SUCCEEDED_NEEDS_REVIEW;
        }
        if (PENDING.matcher(code).find() || PENDING_FOR_DAYS.matcher(code).find()) {
            return Outcome.PENDING;
        }
        return Outcome.REJECTED;
    }
}
