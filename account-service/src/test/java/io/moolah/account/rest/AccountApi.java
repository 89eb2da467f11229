package io.moolah.account.rest;

import io.restassured.response.ValidatableResponse;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;

/** The account API as a client calls it, for the tests. */
final class AccountApi {
    static final String PIN = "80426";
    static final String OPERATOR_PHONE = "+27600000001";
    static final String OPERATOR_PIN = "80426";

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

    /** Registers and logs in a new customer; returns the login answer's JSON fields. */
    static Customer newCustomer() {
        String phone = newPhoneNumber();
        var registration = register(phone).statusCode(201).extract().jsonPath();
        var tokens = login(phone, PIN).statusCode(200).extract().jsonPath();
        return new Customer(phone, registration.getString("customerId"), registration.getString("walletId"),
                tokens.getString("accessToken"), tokens.getString("refreshToken"));
    }

    static String operatorToken() {
        return login(OPERATOR_PHONE, OPERATOR_PIN).statusCode(200).extract().path("accessToken");
    }

    record Customer(String phone, String customerId, String walletId, String accessToken, String refreshToken) {
    }
}
