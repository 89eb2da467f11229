package io.moolah.account.service;

/** What login and refresh answer (API.md: accessToken, tokenType, expiresIn, refreshToken). */
public record Tokens(String accessToken, String tokenType, long expiresIn, String refreshToken) {
    public static Tokens bearer(String accessToken, long expiresIn, String refreshToken) {
        return new Tokens(accessToken, "Bearer", expiresIn, refreshToken);
    }
}
