package io.moolah.platform.phone;

import io.moolah.platform.web.Problem;
import io.moolah.platform.web.ProblemException;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Phone numbers as the public API takes them (API.md): part of the contract, so every service reads them the same way.
 * South African mobile numbers in E.164 ({@code +27} and nine digits starting 6, 7 or 8). Local forms are accepted:
 * {@code 082 123 4567}, {@code 0821234567}, {@code 27821234567}, {@code 0027821234567}, {@code +27 82 123 4567}.
 */
public final class PhoneNumbers {
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-().]");
    private static final Pattern NATIONAL_MOBILE = Pattern.compile("[678][0-9]{8}");
    private static final int MAX_INPUT = 32;

    private PhoneNumbers() {
    }

    /** @throws ProblemException 400 when malformed or not a mobile number, 422 when foreign */
    public static String normalise(String raw) {
        return normalise(raw, "phoneNumber");
    }

    /** As {@link #normalise(String)}, naming {@code field} in the problem. */
    public static String normalise(String raw, String field) {
        if (raw == null || raw.isBlank()) {
            throw invalid(field, "is required");
        }
        if (raw.length() > MAX_INPUT) {
            throw invalid(field, "is too long");
        }
        String compact = SEPARATORS.matcher(raw.strip()).replaceAll("");
        String national;
        if (compact.startsWith("+27")) {
            national = compact.substring(3);
        } else if (compact.startsWith("0027")) {
            national = compact.substring(4);
        } else if (compact.startsWith("27") && compact.length() == 11) {
            national = compact.substring(2);
        } else if (compact.startsWith("0") && compact.length() == 10) {
            national = compact.substring(1);
        } else if (compact.matches("(\\+|00)[1-9][0-9]{6,14}")) {
            throw new ProblemException(422, "UNSUPPORTED_PHONE_NUMBER", "Unsupported phone number",
                    "Only South African mobile numbers (+27) can register for now.",
                    List.of(new Problem.FieldError(field, "is not a South African number")));
        } else {
            throw invalid(field, "is not a phone number; use +27821234567 or 0821234567");
        }
        if (!NATIONAL_MOBILE.matcher(national).matches()) {
            throw invalid(field, "is not a South African mobile number");
        }
        return "+27" + national;
    }

    private static ProblemException invalid(String field, String message) {
        return ProblemException.invalidField(field, message);
    }
}
