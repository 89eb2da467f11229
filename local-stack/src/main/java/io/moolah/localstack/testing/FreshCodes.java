package io.moolah.localstack.testing;

import io.moolah.localstack.OperatorCredentials;

import java.time.Instant;

/** One-time codes for tests that sign operators in, each code fresh (the account-service takes a code once). */
public final class FreshCodes {
    private static final String PREFIX = "moolah.test.operators.";

    private FreshCodes() {
    }

    /**
     * A code for {@code operator} that has not been used yet. The service takes the current step's code and the next
     * one's (a clock a step ahead), each once and only in order, so a third sign-in within one 30-second step waits
     * for the next. Tests sign in rarely and keep their tokens.
     */
    public static synchronized String next(OperatorCredentials operator) {
        String key = PREFIX + operator.id() + ".step";
        long last = Long.parseLong(System.getProperty(key, "-1"));
        for (int tries = 0; tries < 400; tries++) {
            long current = Instant.now().getEpochSecond() / 30;
            for (long step = current; step <= current + 1; step++) {
                if (step > last) {
                    System.setProperty(key, String.valueOf(step));
                    return operator.otpAtStep(step);
                }
            }
            sleep();
        }
        throw new IllegalStateException("no fresh one-time code within 80 s");
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
