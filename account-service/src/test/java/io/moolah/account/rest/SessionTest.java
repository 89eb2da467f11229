package io.moolah.account.rest;

import io.moolah.account.security.TokenIssuer;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.moolah.account.rest.AccountApi.PIN;
import static io.moolah.account.rest.AccountApi.login;
import static io.moolah.account.rest.AccountApi.newCustomer;
import static io.moolah.account.rest.AccountApi.newPhoneNumber;
import static io.moolah.account.rest.AccountApi.post;
import static io.moolah.account.rest.AccountApi.register;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

@QuarkusTest
class SessionTest {

    @Inject
    TokenIssuer issuer;

    @Test
    void loginGivesAnAccessTokenThatOpensMe() {
        String phone = newPhoneNumber();
        String walletId = register(phone).statusCode(201).extract().path("walletId");

        var tokens = login("0" + phone.substring(3), PIN).statusCode(200)
                .body("tokenType", equalTo("Bearer"))
                .body("expiresIn", equalTo(900))
                .body("refreshToken", startsWith("rt_"))
                .extract().jsonPath();

        given().auth().oauth2(tokens.getString("accessToken")).get("/api/v1/me").then()
                .statusCode(200)
                .body("phoneNumber", equalTo(phone))
                .body("fullName", equalTo("Thandi Nkosi"))
                .body("kycTier", equalTo(0))
                .body("limits.dailySend", equalTo(100000))
                .body("limits.monthlySend", equalTo(300000))
                .body("limits.maxBalance", equalTo(500000))
                .body("wallets", hasSize(1))
                .body("wallets[0].walletId", equalTo(walletId))
                .body("wallets[0].currency", equalTo("ZAR"))
                .body("wallets[0].status", equalTo("ACTIVE"));
    }

    @Test
    void unknownNumberAndWrongPinGetTheSameAnswer() {
        login(newPhoneNumber(), PIN).statusCode(401).body("code", equalTo("INVALID_CREDENTIALS"));
        var customer = newCustomer();
        login(customer.phone(), "13579").statusCode(401).body("code", equalTo("INVALID_CREDENTIALS"));
        login(customer.phone(), "123").statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
    }

    @Test
    void wrongPinsSlowTheNextTryFromThatAddressButNobodyIsLockedOut() {
        var customer = newCustomer();
        for (int attempt = 1; attempt <= 4; attempt++) {
            AccountApi.loginFrom("10.1.1.1", customer.phone(), "13579").statusCode(401).body("code", equalTo("INVALID_CREDENTIALS"));
        }
        // The fourth wrong PIN in a row from this address: the next try from it waits a second, even with the right PIN.
        var delayed = AccountApi.loginFrom("10.1.1.1", customer.phone(), PIN).statusCode(429)
                .contentType("application/problem+json").body("code", equalTo("TOO_MANY_ATTEMPTS")).extract();
        long retryAfter = Long.parseLong(delayed.header("Retry-After"));
        org.junit.jupiter.api.Assertions.assertTrue(retryAfter >= 1 && retryAfter <= 3, "about a second: " + retryAfter);
        // The owner, elsewhere, is not held up by what a stranger did.
        AccountApi.loginFrom("10.2.2.2", customer.phone(), PIN).statusCode(200);
        given().auth().oauth2(customer.accessToken()).get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void guessesFromManyAddressesDelayTheAccountByAMinuteAtMost() {
        var customer = newCustomer();
        for (int attempt = 1; attempt <= 11; attempt++) {
            AccountApi.loginFrom("10.3.0." + attempt, customer.phone(), "13579").statusCode(401);
        }
        var delayed = AccountApi.loginFrom("10.4.4.4", customer.phone(), PIN).statusCode(429)
                .body("code", equalTo("TOO_MANY_ATTEMPTS")).extract();
        org.junit.jupiter.api.Assertions.assertTrue(Long.parseLong(delayed.header("Retry-After")) <= 61,
                "a stranger elsewhere delays the account a minute at most: " + delayed.header("Retry-After"));
    }

    @Test
    void aRightPinResetsTheFailureCount() {
        var customer = newCustomer();
        for (int round = 0; round < 2; round++) {
            for (int attempt = 1; attempt <= 3; attempt++) {
                AccountApi.loginFrom("10.5.5.5", customer.phone(), "13579").statusCode(401);
            }
            AccountApi.loginFrom("10.5.5.5", customer.phone(), PIN).statusCode(200);
        }
    }

    @Test
    void refreshRotatesAndReuseRevokesTheWholeSession() {
        var customer = newCustomer();
        var first = refresh(customer.refreshToken()).statusCode(200).extract().jsonPath();
        assertNotEquals(customer.refreshToken(), first.getString("refreshToken"));
        var second = refresh(first.getString("refreshToken")).statusCode(200).extract().jsonPath();

        // The first refresh token was rotated away: presenting it again is reuse.
        refresh(customer.refreshToken()).statusCode(401).body("code", equalTo("REFRESH_TOKEN_REUSED"));
        // ...which revoked the whole session, including the newest token.
        refresh(second.getString("refreshToken")).statusCode(401).body("code", equalTo("REFRESH_TOKEN_INVALID"));
        // Another login is a new session and works.
        login(customer.phone(), PIN).statusCode(200);
    }

    @Test
    void aSessionEndsNinetyDaysAfterItsLoginHoweverOftenItIsRefreshed() throws Exception {
        var customer = newCustomer();
        String fresh = refresh(customer.refreshToken()).statusCode(200).extract().path("refreshToken");
        var servers = io.moolah.localstack.testing.SharedInfrastructure.get();
        try (var connection = java.sql.DriverManager.getConnection(servers.jdbcUrl("account"), servers.postgresUser(),
                servers.postgresPassword())) {
            connection.createStatement().executeUpdate("update refresh_token set session_started_at = now() - interval '91 days'"
                    + " where customer_id = '" + customer.customerId() + "'");
        }
        refresh(fresh).statusCode(401).body("code", equalTo("SESSION_EXPIRED"));
        // Over for good: the session's tokens are revoked.
        refresh(fresh).statusCode(401).body("code", equalTo("REFRESH_TOKEN_INVALID"));
    }

    @Test
    void logoutRevokesTheSession() {
        var customer = newCustomer();
        post("/api/v1/auth/logout", Map.of("refreshToken", customer.refreshToken())).statusCode(204);
        refresh(customer.refreshToken()).statusCode(401).body("code", equalTo("REFRESH_TOKEN_INVALID"));
        post("/api/v1/auth/logout", Map.of("refreshToken", "rt_unknown")).statusCode(204);
    }

    @Test
    void badRefreshTokensAre401Or400() {
        refresh("rt_" + UUID.randomUUID()).statusCode(401).body("code", equalTo("REFRESH_TOKEN_INVALID"));
        post("/api/v1/auth/refresh", Map.of()).statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        post("/api/v1/auth/refresh", Map.of("refreshToken", "x".repeat(500))).statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED")).body("errors[0].message", equalTo("is too long to be a refresh token"));
    }

    @Test
    void meNeedsAValidToken() {
        var customer = newCustomer();
        given().get("/api/v1/me").then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
        given().header("Authorization", "Basic Zm9vOmJhcg==").get("/api/v1/me").then().statusCode(401);
        given().auth().oauth2("not-a-jwt").get("/api/v1/me").then().statusCode(401).body("code", equalTo("TOKEN_INVALID"));

        String expired = issuer.accessToken(UUID.fromString(customer.customerId()), List.of(), "customer",
                UUID.randomUUID(), Instant.now().minus(Duration.ofHours(1)));
        given().auth().oauth2(expired).get("/api/v1/me").then().statusCode(401).body("code", equalTo("TOKEN_EXPIRED"));

        given().auth().oauth2(tamper(customer.accessToken())).get("/api/v1/me").then()
                .statusCode(401).body("code", equalTo("TOKEN_INVALID"));
        given().auth().oauth2(signedByAStranger(customer.customerId())).get("/api/v1/me").then()
                .statusCode(401).body("code", equalTo("TOKEN_INVALID"));
        given().auth().oauth2(unsigned(customer.customerId())).get("/api/v1/me").then()
                .statusCode(401).body("code", equalTo("TOKEN_INVALID"));
    }

    @Test
    void theJwksPublishesOnlyThePublicKey() {
        given().get("/api/v1/auth/jwks.json").then()
                .statusCode(200)
                .body("keys", hasSize(1))
                .body("keys[0].kty", equalTo("RSA"))
                .body("keys[0].alg", equalTo("RS256"))
                .body("keys[0].kid", notNullValue())
                .body("keys[0].n.length()", greaterThan(300))
                .body("keys[0].d", equalTo(null))
                .body("keys[0].p", equalTo(null));
    }

    private static io.restassured.response.ValidatableResponse refresh(String token) {
        return post("/api/v1/auth/refresh", Map.of("refreshToken", token));
    }

    /** Changes the subject in the payload but keeps the original signature. */
    private static String tamper(String jwt) {
        String[] parts = jwt.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forged = payload.replaceFirst("\"sub\":\"[^\"]+\"", "\"sub\":\"" + UUID.randomUUID() + "\"");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
    }

    private static String signedByAStranger(String subject) {
        try {
            RsaJsonWebKey stranger = RsaJwkGenerator.generateJwk(2048);
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims(subject).toJson());
            jws.setKey(stranger.getPrivateKey());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unsigned(String subject) {
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(claims(subject).toJson().getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }

    private static JwtClaims claims(String subject) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer("moolah-account-service");
        claims.setAudience("moolah-api");
        claims.setSubject(subject);
        claims.setIssuedAtToNow();
        claims.setExpirationTime(NumericDate.fromSeconds(Instant.now().plusSeconds(600).getEpochSecond()));
        claims.setStringListClaim("roles", "operator");
        return claims;
    }
}
