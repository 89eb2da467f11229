package io.moolah.account.service;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What login and refresh answer (API.md: accessToken, tokenType, expiresIn, refreshToken). */
@Schema(name = "Tokens", requiredProperties = {"accessToken", "tokenType", "expiresIn", "refreshToken"})
public record Tokens(@Schema(description = "A JWT to send as Authorization: Bearer.") String accessToken,
                     @Schema(enumeration = "Bearer") String tokenType,
                     @Schema(description = "Seconds until the access token expires.") long expiresIn,
                     @Schema(description = "Opaque; works once, at POST /api/v1/auth/refresh or /logout.") String refreshToken) {
    public static Tokens bearer(String accessToken, long expiresIn, String refreshToken) {
        return new Tokens(accessToken, "Bearer", expiresIn, refreshToken);
    }
}
