package io.moolah.account.rest;

import io.moolah.platform.web.ProblemException;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request bodies of the account API. Unknown fields are refused (platform StrictJson). */
final class Requests {
    private Requests() {
    }

    @Schema(name = "RegisterRequest", requiredProperties = {"phoneNumber", "fullName", "pin"})
    record Register(@Schema(description = "A South African mobile number, E.164 (+27821234567) or a local form"
                            + " (0821234567); stored in E.164.", example = "+27821234567") String phoneNumber,
                    @Schema(description = "The customer's name: 2 to 100 characters, letters, spaces, hyphens,"
                            + " apostrophes and full stops.") String fullName,
                    @Schema(description = "Exactly 5 digits, not easily guessed (not all the same, not in sequence, not"
                            + " part of the phone number).", pattern = "^[0-9]{5}$") String pin) {
    }

    @Schema(name = "LoginRequest", requiredProperties = {"phoneNumber", "pin"})
    record Login(@Schema(description = "The registered phone number, E.164 or a local South African form.",
                         example = "+27821234567") String phoneNumber,
                 @Schema(description = "The customer's 5-digit PIN.", pattern = "^[0-9]{5}$") String pin) {
    }

    @Schema(name = "RefreshTokenRequest", requiredProperties = "refreshToken")
    record Refresh(@Schema(description = "The refresh token from login or the last refresh.", maxLength = 200)
                   String refreshToken) {
    }

    @Schema(name = "KycTierChangeRequest", requiredProperties = "tier")
    record ChangeTier(@Schema(description = "The new KYC tier.", minimum = "0", maximum = "3") Integer tier) {
    }

    @Schema(name = "WalletStatusChangeRequest", requiredProperties = "reason")
    record ChangeStatus(@Schema(description = "Why, for the audit and the wallet's event: up to 500 characters (surrounding"
                                + " space removed), no control characters but line breaks.") String reason) {
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
