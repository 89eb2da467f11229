package io.moolah.account.rest;

import io.moolah.localstack.OperatorCredentials;
import io.moolah.localstack.testing.TestOperators;
import io.restassured.response.ValidatableResponse;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;

/** The account API as a client calls it, for the tests. */
final class AccountApi {
    static final String PIN = "80426";

    private AccountApi() {
    }

    /** A fresh South African mobile number that does not contain {@link #PIN}. */
    static String newPhoneNumber() {
        while (true) {
            String phone = "+2782" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
            if (!phone.contains(PIN)) {
                return phone;
            }
        }
    }

    static ValidatableResponse post(String path, Object body) {
        return given().contentType("application/json").body(body).post(path).then();
    }

    static ValidatableResponse postRaw(String path, String body) {
        return given().contentType("application/json").body(body).post(path).then();
    }

    static ValidatableResponse register(String phone) {
        return post("/api/v1/auth/register", Map.of("phoneNumber", phone, "fullName", "Thandi Nkosi", "pin", PIN));
    }

    static ValidatableResponse login(String phone, String pin) {
        return post("/api/v1/auth/login", Map.of("phoneNumber", phone, "pin", pin));
    }

    /** A login as if from {@code address} (the gateway's X-Forwarded-For). */
    static ValidatableResponse loginFrom(String address, String phone, String pin) {
        return given().header("X-Forwarded-For", address).contentType("application/json")
                .body(Map.of("phoneNumber", phone, "pin", pin)).post("/api/v1/auth/login").then();
    }

    static ValidatableResponse operatorSignIn(String address, OperatorCredentials operator, String passphrase, String otp) {
        return given().header("X-Forwarded-For", address).contentType("application/json")
                .body(Map.of("operatorId", operator.id().toString(), "passphrase", passphrase, "otp", otp))
                .post("/api/v1/admin/auth/login").then();
    }

    /** Registers and logs in a new customer; returns the login answer's JSON fields. */
    static Customer newCustomer() {
        String phone = newPhoneNumber();
        var registration = register(phone).statusCode(201).extract().jsonPath();
        var tokens = login(phone, PIN).statusCode(200).extract().jsonPath();
        return new Customer(phone, registration.getString("customerId"), registration.getString("walletId"),
                tokens.getString("accessToken"), tokens.getString("refreshToken"));
    }

    private static String operatorToken;

    /** The first test operator's token, signed in once with passphrase and one-time code and kept (15 minutes). */
    static synchronized String operatorToken() {
        if (operatorToken == null) {
            OperatorCredentials operator = TestOperators.first();
            operatorToken = operatorSignIn("10.9.9.9", operator, operator.passphrase(), TestOperators.nextOtp(operator))
                    .statusCode(200).extract().path("accessToken");
        }
        return operatorToken;
    }

    record Customer(String phone, String customerId, String walletId, String accessToken, String refreshToken) {
    }
}
