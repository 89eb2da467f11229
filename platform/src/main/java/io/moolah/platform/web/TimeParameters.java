package io.moolah.platform.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Times and dates given in a request (query filters, expiry times), read the same way in every service: ISO-8601, and
 * only years 0001 to 9999. Java reads years up to a billion, PostgreSQL stores far fewer; a value past either is the
 * caller's mistake (400), not a database error (500).
 */
public final class TimeParameters {
    public static final int MIN_YEAR = 1;
    public static final int MAX_YEAR = 9999;

    private TimeParameters() {
    }

    /** An ISO-8601 time with an offset (2026-11-25T10:00:00Z), or null when {@code text} is null. */
    public static Instant instant(String field, String text) {
        if (text == null) {
            return null;
        }
        OffsetDateTime time;
        try {
            time = OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(field, "must be an ISO-8601 time with an offset, such as 2026-11-25T10:00:00Z");
        }
        requireYear(field, time.getYear());
        return time.toInstant();
    }

    /** An ISO-8601 date (2026-11-25); a missing one is refused like a malformed one. */
    public static LocalDate date(String field, String text) {
        LocalDate day;
        try {
            day = LocalDate.parse(text == null ? "" : text);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(field, "must be a date such as 2026-11-25");
        }
        requireYear(field, day.getYear());
        return day;
    }

    private static void requireYear(String field, int year) {
        if (year < MIN_YEAR || year > MAX_YEAR) {
            throw ProblemException.invalidField(field, "must be in the years " + MIN_YEAR + " to " + MAX_YEAR);
        }
    }
}
