package io.moolah.account.rest;

import io.moolah.platform.web.ProblemException;

/** Request bodies of the account API. Unknown fields are refused (platform StrictJson). */
final class Requests {
    private Requests() {
    }

    record Register(String phoneNumber, String fullName, String pin) {
    }

    record Login(String phoneNumber, String pin) {
    }

    record Refresh(String refreshToken) {
    }

    record ChangeTier(Integer tier) {
    }

    record ChangeStatus(String reason) {
    }

    static <T> T required(T body) {
        if (body == null) {
            throw ProblemException.badRequest("VALIDATION_FAILED", "A JSON body is required.");
        }
        return body;
    }

    static String refreshToken(Refresh body) {
        String token = required(body).refreshToken();
        if (token == null || token.isBlank()) {
            throw ProblemException.invalidField("refreshToken", "is required");
        }
        if (token.length() > 200) {
            throw ProblemException.invalidField("refreshToken", "is too long to be a refresh token");
        }
        return token;
    }
}
