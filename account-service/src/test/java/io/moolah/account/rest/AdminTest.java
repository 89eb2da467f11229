package io.moolah.account.rest;

import io.moolah.events.Topics;
import io.moolah.localstack.testing.SharedInfrastructure;
import io.moolah.localstack.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.moolah.account.rest.AccountApi.newCustomer;
import static io.moolah.account.rest.AccountApi.operatorToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class AdminTest {

    @Test
    void customersCannotReachOperatorEndpoints() {
        var customer = newCustomer();
        given().auth().oauth2(customer.accessToken()).contentType("application/json").body(Map.of("reason", "mine"))
                .post("/api/v1/admin/wallets/" + customer.walletId() + "/freeze").then()
                .statusCode(403).body("code", equalTo("FORBIDDEN"));
        given().auth().oauth2(customer.accessToken()).contentType("application/json").body(Map.of("tier", 3))
                .post("/api/v1/admin/customers/" + customer.customerId() + "/kyc").then().statusCode(403);
        given().contentType("application/json").body(Map.of("tier", 3))
                .post("/api/v1/admin/customers/" + customer.customerId() + "/kyc").then().statusCode(401);
    }

    @Test
    void anOperatorFindsACustomerByPhoneNumberWrittenAnyWayAtRegistration() {
        var customer = newCustomer();
        String operator = operatorToken();
        String national = "0" + customer.phone().substring(3, 5) + " " + customer.phone().substring(5, 8) + " "
                + customer.phone().substring(8);
        for (String asked : new String[] {customer.phone(), national}) {
            given().auth().oauth2(operator).queryParam("phoneNumber", asked).get("/api/v1/admin/customers").then()
                    .statusCode(200).body("items.size()", equalTo(1))
                    .body("items[0].customerId", equalTo(customer.customerId()))
                    .body("items[0].wallets[0].walletId", equalTo(customer.walletId()));
        }
        given().auth().oauth2(operator).queryParam("phoneNumber", "+27829999999").get("/api/v1/admin/customers").then()
                .statusCode(200).body("items.size()", equalTo(0));
        // Hostile or missing numbers are problems, never a 500 or a listing of everyone.
        given().auth().oauth2(operator).get("/api/v1/admin/customers").then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        for (String hostile : new String[] {"", "%", "' OR 1=1 --", "+2782123456789012345678901234567890", "abc"}) {
            given().auth().oauth2(operator).queryParam("phoneNumber", hostile).get("/api/v1/admin/customers").then()
                    .statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        }
        given().auth().oauth2(operator).queryParam("phoneNumber", "+447911123456").get("/api/v1/admin/customers").then()
                .statusCode(422).body("code", equalTo("UNSUPPORTED_PHONE_NUMBER"));
        given().auth().oauth2(customer.accessToken()).queryParam("phoneNumber", customer.phone())
                .get("/api/v1/admin/customers").then().statusCode(403).body("code", equalTo("FORBIDDEN"));
    }

    @Test
    void freezingPublishesTheNewStatusAndUnfreezingRestoresIt() {
        var customer = newCustomer();
        String operator = operatorToken();

        given().auth().oauth2(operator).contentType("application/json").body(Map.of("reason", "suspected fraud"))
                .post("/api/v1/admin/wallets/" + customer.walletId() + "/freeze").then()
                .statusCode(200).body("status", equalTo("FROZEN"));
        given().auth().oauth2(customer.accessToken()).get("/api/v1/me").then().body("wallets[0].status", equalTo("FROZEN"));
        // Freezing a frozen wallet changes nothing and publishes nothing.
        given().auth().oauth2(operator).contentType("application/json").body(Map.of("reason", "again"))
                .post("/api/v1/admin/wallets/" + customer.walletId() + "/freeze").then().statusCode(200);
        given().auth().oauth2(operator).contentType("application/json").body(Map.of("reason", "cleared"))
                .post("/api/v1/admin/wallets/" + customer.walletId() + "/unfreeze").then()
                .statusCode(200).body("status", equalTo("ACTIVE"));

        List<ConsumerRecord<String, String>> records = TopicReader.readUntil(
                SharedInfrastructure.get().kafkaBootstrapServers(), Topics.ACCOUNT_EVENTS,
                r -> r.key().equals(customer.walletId()) && r.value().contains("\"status\":\"ACTIVE\"")
                        && r.value().contains("WalletStatusChanged"),
                Duration.ofSeconds(60));
        List<String> changes = records.stream().filter(r -> r.key().equals(customer.walletId()))
                .map(ConsumerRecord::value).filter(v -> v.contains("WalletStatusChanged")).toList();
        assertEquals(2, changes.size(), changes.toString());
        assertTrue(changes.get(0).contains("\"status\":\"FROZEN\"") && changes.get(0).contains("suspected fraud"), changes.get(0));
        assertTrue(changes.get(1).contains("\"previousStatus\":\"FROZEN\""), changes.get(1));
    }

    @Test
    void kycTierChangesTheLimitsAndPublishesThem() {
        var customer = newCustomer();
        given().auth().oauth2(operatorToken()).contentType("application/json").body(Map.of("tier", 2))
                .post("/api/v1/admin/customers/" + customer.customerId() + "/kyc").then()
                .statusCode(200).body("kycTier", equalTo(2)).body("limits.maxBalance", equalTo(10000000));
        given().auth().oauth2(customer.accessToken()).get("/api/v1/me").then()
                .body("kycTier", equalTo(2)).body("limits.dailySend", equalTo(2500000));

        List<ConsumerRecord<String, String>> records = TopicReader.readUntil(
                SharedInfrastructure.get().kafkaBootstrapServers(), Topics.ACCOUNT_EVENTS,
                r -> r.key().equals(customer.walletId()) && r.value().contains("KycTierChanged"), Duration.ofSeconds(60));
        assertTrue(records.get(records.size() - 1).value().contains("\"kycTier\":2"));
    }

    @Test
    void hostileOperatorRequestsAre4xx() {
        String operator = operatorToken();
        var customer = newCustomer();
        for (Object tier : List.of(4, -1, "two", 2.5)) {
            given().auth().oauth2(operator).contentType("application/json").body(Map.of("tier", tier))
                    .post("/api/v1/admin/customers/" + customer.customerId() + "/kyc").then()
                    .statusCode(400).contentType("application/problem+json");
        }
        given().auth().oauth2(operator).contentType("application/json").body(Map.of("tier", 1))
                .post("/api/v1/admin/customers/" + UUID.randomUUID() + "/kyc").then()
                .statusCode(404).body("code", equalTo("CUSTOMER_NOT_FOUND"));
        given().auth().oauth2(operator).contentType("application/json").body(Map.of("tier", 1))
                .post("/api/v1/admin/customers/not-a-uuid/kyc").then().statusCode(404);
        given().auth().oauth2(operator).contentType("application/json").body(Map.of("reason", " "))
                .post("/api/v1/admin/wallets/" + customer.walletId() + "/freeze").then()
                .statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        given().auth().oauth2(operator).contentType("application/json").body(Map.of("reason", "x".repeat(501)))
                .post("/api/v1/admin/wallets/" + customer.walletId() + "/freeze").then().statusCode(400);
        given().auth().oauth2(operator).contentType("application/json").body(Map.of("reason", "r"))
                .post("/api/v1/admin/wallets/" + UUID.randomUUID() + "/freeze").then()
                .statusCode(404).body("code", equalTo("WALLET_NOT_FOUND"));
        given().auth().oauth2(customer.accessToken()).get("/api/v1/me").then().body("wallets[0].status", equalTo("ACTIVE"));
    }
}
