package io.moolah.account.service;

import io.moolah.platform.web.ProblemException;

/** A person's name as they write it: letters, spaces and common punctuation; no control characters. */
public final class FullNames {
    public static final int MAX_LENGTH = 100;

    private FullNames() {
    }

    /** @return the name with surrounding space removed and inner runs of space collapsed */
    public static String normalise(String raw) {
        if (raw == null || raw.isBlank()) {
            throw ProblemException.invalidField("fullName", "is required");
        }
        if (raw.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                || Character.getType(c) == Character.SURROGATE || Character.getType(c) == Character.PRIVATE_USE)) {
            throw ProblemException.invalidField("fullName", "must not contain control or invisible characters");
        }
        String name = raw.strip().replaceAll("\\s+", " ");
        int length = name.codePointCount(0, name.length());
        if (length < 2 || length > MAX_LENGTH) {
            throw ProblemException.invalidField("fullName", "must be 2 to " + MAX_LENGTH + " characters");
        }
        if (name.codePoints().noneMatch(Character::isLetter)) {
            throw ProblemException.invalidField("fullName", "must contain letters");
        }
        if (!name.codePoints().allMatch(c -> Character.isLetter(c) || Character.getType(c) == Character.NON_SPACING_MARK
                || c == ' ' || c == '-' || c == '\'' || c == '.' || c == ',' || c == '\u2019')) {
            throw ProblemException.invalidField("fullName", "may hold letters, spaces, hyphens, apostrophes and full stops only");
        }
        return name;
    }
}
