package io.moolah.account.service;

import io.moolah.platform.web.Problem;
import io.moolah.platform.web.ProblemException;

import java.util.List;

/** A PIN is exactly five digits and not one a stranger would guess first. */
public final class PinPolicy {
    public static final int LENGTH = 5;

    private PinPolicy() {
    }

    /** @throws ProblemException 400 when not five digits */
    public static void requireWellFormed(String pin) {
        if (pin == null || pin.length() != LENGTH || !pin.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw ProblemException.invalidField("pin", "must be exactly " + LENGTH + " digits");
        }
    }

    /** @throws ProblemException 400 when malformed, 422 WEAK_PIN when guessable */
    public static void requireStrong(String pin, String e164PhoneNumber) {
        requireWellFormed(pin);
        String reason = weakness(pin, e164PhoneNumber);
        if (reason != null) {
            throw new ProblemException(422, "WEAK_PIN", "PIN too easy to guess", "Choose another PIN: " + reason + ".",
                    List.of(new Problem.FieldError("pin", reason)));
        }
    }

    static String weakness(String pin, String phoneNumber) {
        if (pin.chars().distinct().count() == 1) {
            return "all digits are the same";
        }
        if (steps(pin, 1) || steps(pin, -1)) {
            return "the digits run in sequence";
        }
        if (pin.chars().distinct().count() == 2 && alternates(pin)) {
            return "two digits alternate";
        }
        if (phoneNumber != null && phoneNumber.contains(pin)) {
            return "it is part of your phone number";
        }
        return null;
    }

    private static boolean steps(String pin, int step) {
        for (int i = 1; i < pin.length(); i++) {
            if (pin.charAt(i) - pin.charAt(i - 1) != step) {
                return false;
            }
        }
        return true;
    }

    private static boolean alternates(String pin) {
        for (int i = 2; i < pin.length(); i++) {
            if (pin.charAt(i) != pin.charAt(i - 2)) {
                return false;
            }
        }
        return true;
    }
}
