package io.moolah.transaction.service;

import io.moolah.platform.web.Problem;
import io.moolah.platform.web.ProblemException;
import io.moolah.transaction.config.LedgerSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.UUID;

/** Input rules for money fields, the same for every endpoint. */
@ApplicationScoped
public class Amounts {
    public static final int MAX_REFERENCE = 140;

    @Inject
    LedgerSettings settings;

    /** A positive amount within bounds (400 otherwise). */
    public long positive(Long amount) {
        if (amount == null) {
            throw ProblemException.invalidField("amount", "is required");
        }
        if (amount <= 0) {
            throw ProblemException.invalidField("amount", "must be a positive whole number of cents");
        }
        if (amount > settings.maxAmount()) {
            throw ProblemException.invalidField("amount", "must be at most " + settings.maxAmount());
        }
        return amount;
    }

    /** A non-zero amount within bounds either way (adjustments). */
    public long nonZero(Long amount) {
        if (amount == null || amount == 0) {
            throw ProblemException.invalidField("amount", "must be a non-zero whole number of cents");
        }
        if (Math.abs(amount) > settings.maxAmount() || amount == Long.MIN_VALUE) {
            throw ProblemException.invalidField("amount", "must be at most " + settings.maxAmount() + " either way");
        }
        return amount;
    }

    /** An ISO-4217 code the ledger holds (400 when malformed, 422 when not held). */
    public String currency(String currency) {
        if (currency == null || !currency.matches("[A-Z]{3}")) {
            throw ProblemException.invalidField("currency", "must be an ISO-4217 code such as ZAR");
        }
        if (!settings.currencies().contains(currency)) {
            throw new ProblemException(422, "UNSUPPORTED_CURRENCY", "Unsupported currency",
                    "The ledger holds " + settings.currencies() + " only.",
                    List.of(new Problem.FieldError("currency", "is not supported")));
        }
        return currency;
    }

    /** Free text a customer gave: optional, short, no control characters. */
    public static String text(String field, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw ProblemException.invalidField(field, "is required");
            }
            return null;
        }
        String trimmed = value.strip();
        if (trimmed.length() > MAX_REFERENCE) {
            throw ProblemException.invalidField(field, "must be at most " + MAX_REFERENCE + " characters");
        }
        // A lone surrogate (half of a pair) is not text: PostgreSQL would store it as '?', so it is refused too.
        if (trimmed.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                || Character.getType(c) == Character.SURROGATE)) {
            throw ProblemException.invalidField(field, "must not contain control characters or broken surrogate pairs");
        }
        return trimmed;
    }

    public static UUID walletId(String field, String value) {
        if (value == null) {
            throw ProblemException.invalidField(field, "is required");
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField(field, "is not a wallet id");
        }
    }
}
