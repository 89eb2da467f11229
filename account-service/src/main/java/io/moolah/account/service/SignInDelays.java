package io.moolah.account.service;

import java.time.Duration;

/**
 * How long a sign-in waits after failures in a row: nothing for the first {@code free}, then one second doubling with
 * each failure, up to {@code max}. Pure, so the schedule is tested on its own.
 */
public final class SignInDelays {
    private SignInDelays() {
    }

    public static Duration after(int failures, int free, Duration max) {
        if (failures <= free) {
            return Duration.ZERO;
        }
        int doublings = Math.min(30, failures - free - 1);
        Duration delay = Duration.ofSeconds(1L << doublings);
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
