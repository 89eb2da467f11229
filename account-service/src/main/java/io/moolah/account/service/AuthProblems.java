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

    public static AccountLocked locked(Instant until, Instant now) {
        return new AccountLocked(until, now);
    }

    public static ProblemException invalidRefreshToken() {
        return new ProblemException(401, "REFRESH_TOKEN_INVALID", "Unauthenticated",
                "The refresh token is unknown, expired or revoked; log in again.");
    }

    public static ProblemException refreshTokenReused() {
        return new ProblemException(401, "REFRESH_TOKEN_REUSED", "Unauthenticated",
                "This refresh token was already used. The session has been revoked; log in again.");
    }

    /** 423 with the seconds until the lock lifts, for a Retry-After header. */
    public static final class AccountLocked extends ProblemException {
        private final long retryAfterSeconds;

        AccountLocked(Instant until, Instant now) {
            super(423, "ACCOUNT_LOCKED", "Account locked",
                    "Too many wrong PINs. Try again after " + until + ".");
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
