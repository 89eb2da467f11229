package io.moolah.account.service;

import io.moolah.platform.web.ProblemException;

import java.time.Duration;
import java.time.Instant;

/** The answers login and refresh give when they refuse; one wording and one code for each case. */
public final class AuthProblems {
    private AuthProblems() {
    }

    /** Same answer for an unknown phone number and a wrong PIN, so neither can be told apart. */
    public static ProblemException invalidCredentials() {
        return new ProblemException(401, "INVALID_CREDENTIALS", "Unauthenticated", "The phone number or PIN is wrong.");
    }

    public static Delayed delayed(Instant until, Instant now) {
        return new Delayed(until, now);
    }

    public static ProblemException invalidRefreshToken() {
        return new ProblemException(401, "REFRESH_TOKEN_INVALID", "Unauthenticated",
                "The refresh token is unknown, expired or revoked; log in again.");
    }

    public static ProblemException sessionExpired() {
        return new ProblemException(401, "SESSION_EXPIRED", "Unauthenticated",
                "The session has reached its maximum lifetime; log in again.");
    }

    public static ProblemException refreshTokenReused() {
        return new ProblemException(401, "REFRESH_TOKEN_REUSED", "Unauthenticated",
                "This refresh token was already used. The session has been revoked; log in again.");
    }

    /** 429 with the seconds until the next try is taken, for a Retry-After header. */
    public static final class Delayed extends ProblemException {
        private final long retryAfterSeconds;

        Delayed(Instant until, Instant now) {
            super(429, "TOO_MANY_ATTEMPTS", "Too many attempts",
                    "Too many wrong attempts in a row. Try again after " + until + ".");
            this.retryAfterSeconds = Math.max(1, Duration.between(now, until).toSeconds() + 1);
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }

        @Override
        public java.util.Map<String, String> headers() {
            return java.util.Map.of("Retry-After", String.valueOf(retryAfterSeconds));
        }
    }
}
