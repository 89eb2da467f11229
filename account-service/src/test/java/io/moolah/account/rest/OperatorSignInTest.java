package io.moolah.account.rest;

import io.moolah.localstack.OperatorCredentials;
import io.moolah.localstack.testing.TestOperators;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.moolah.account.rest.AccountApi.operatorSignIn;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Operators are staff: passphrase and one-time code at their own sign-in, never the customers' login. */
@QuarkusTest
class OperatorSignInTest {

    @Test
    void anOperatorSignsInWithPassphraseAndCodeAndTheCodeWorksOnce() {
        OperatorCredentials operator = TestOperators.second();
        String otp = TestOperators.nextOtp(operator);
        String token = operatorSignIn("10.7.0.1", operator, operator.passphrase(), otp).statusCode(200)
                .body("tokenType", equalTo("Bearer")).body("expiresIn", equalTo(900))
                .body("refreshToken", org.hamcrest.Matchers.nullValue()).extract().path("accessToken");
        given().auth().oauth2(token).contentType("application/json").body(Map.of("tier", 1))
                .post("/api/v1/admin/customers/" + AccountApi.newCustomer().customerId() + "/kyc").then().statusCode(200);
        // A one-time code is one time only, whoever replays it.
        operatorSignIn("10.7.0.2", operator, operator.passphrase(), otp).statusCode(401).body("code", equalTo("INVALID_CREDENTIALS"));
        given().auth().oauth2(token).get("/api/v1/admin/audit/accounts?operatorId=" + operator.id()).then().statusCode(200)
                .body("items.outcome", hasItem("SIGNED_IN")).body("items.outcome", hasItem("REFUSED"))
                .body("items.action", hasItem(org.hamcrest.Matchers.startsWith("POST /api/v1/admin/customers/")))
                .body("items.requestId", hasItem(org.hamcrest.Matchers.notNullValue()));
    }

    @Test
    void wrongCredentialsAre401AndSlowOnlyThatAddress() {
        OperatorCredentials operator = TestOperators.first();
        String wrongCode = String.format("%06d", (Integer.parseInt(operator.otp(java.time.Instant.now())) + 1) % 1_000_000);
        for (int attempt = 1; attempt <= 4; attempt++) {
            operatorSignIn("10.8.0.1", operator, "not the passphrase at all", wrongCode).statusCode(401)
                    .body("code", equalTo("INVALID_CREDENTIALS"));
        }
        operatorSignIn("10.8.0.1", operator, operator.passphrase(), TestOperators.nextOtp(operator)).statusCode(429)
                .body("code", equalTo("TOO_MANY_ATTEMPTS")).header("Retry-After", org.hamcrest.Matchers.notNullValue());
        // From anywhere else the operator is not locked out.
        operatorSignIn("10.8.0.2", operator, operator.passphrase(), TestOperators.nextOtp(operator)).statusCode(200);
    }

    @Test
    void hostileSignInsAre4xx() {
        OperatorCredentials operator = TestOperators.first();
        operatorSignIn("10.9.0.1", operator, "short", "123456").statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        operatorSignIn("10.9.0.1", operator, operator.passphrase(), "12345").statusCode(400);
        operatorSignIn("10.9.0.1", operator, operator.passphrase(), "abcdef").statusCode(400);
        given().contentType("application/json").body(Map.of("operatorId", "nope", "passphrase", "p".repeat(20), "otp", "123456"))
                .post("/api/v1/admin/auth/login").then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        given().contentType("application/json").body(Map.of("operatorId", UUID.randomUUID().toString(),
                        "passphrase", "p".repeat(20), "otp", "123456"))
                .post("/api/v1/admin/auth/login").then().statusCode(401).body("code", equalTo("INVALID_CREDENTIALS"));
        given().contentType("application/json").body("{}").post("/api/v1/admin/auth/login").then().statusCode(400);
        given().contentType("application/json").body("").post("/api/v1/admin/auth/login").then().statusCode(400);
        given().contentType("application/json").body(Map.of("operatorId", operator.id().toString(),
                        "passphrase", "p".repeat(2000), "otp", "123456"))
                .post("/api/v1/admin/auth/login").then().statusCode(400);
    }

    @Test
    void theCustomersLoginNeverGivesAnOperatorToken() {
        OperatorCredentials operator = TestOperators.first();
        // Whatever an operator types there, it is a customer login: an operator id is not a phone number.
        AccountApi.login(operator.id().toString(), "80426").statusCode(400);
        var customer = AccountApi.newCustomer();
        given().auth().oauth2(customer.accessToken()).get("/api/v1/admin/audit/accounts").then().statusCode(403);
        assertTrue(!customer.accessToken().isEmpty());
    }
}
