package io.moolah.payment.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.moolah.localstack.Await;
import io.moolah.localstack.testing.KafkaResource;
import io.moolah.localstack.testing.PostgresResource;
import io.moolah.localstack.testing.TestTokens;
import io.moolah.payment.CounterpartsResource;
import io.moolah.payment.SimulatorControl;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Card top-ups against the Peach simulator: created, paid, notified (twice, out of order, forged), confirmed, once. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "payment"),
        scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TestTokens.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = CounterpartsResource.class, scope = TestResourceScope.GLOBAL)
class TopUpTest {

    @Inject
    EntityManager database;

    private record Customer(UUID walletId, String token) {
    }

    private static Customer customer() {
        UUID wallet = UUID.randomUUID();
        return new Customer(wallet, TestTokens.customer(UUID.randomUUID(), wallet));
    }

    private static ExtractableResponse<Response> startTopUp(Customer customer, String key, Object body) {
        return given().auth().oauth2(customer.token()).header("Idempotency-Key", key).contentType("application/json")
                .body(body).post("/api/v1/topups").then().extract();
    }

    private static Map<String, Object> topUp(Customer customer, long amount) {
        return Map.of("walletId", customer.walletId().toString(), "amount", amount, "currency", "ZAR", "provider", "PEACH");
    }

    private static String sim() {
        return CounterpartsResource.peach().baseUrl();
    }

    private static String status(Customer customer, String paymentId) {
        return given().auth().oauth2(customer.token()).get("/api/v1/payments/" + paymentId).then().statusCode(200)
                .extract().path("status");
    }

    /** The payment's events of {@code type} on payment.events, as the relay published them from the write-ahead log. */
    long events(String paymentId, String type) {
        return io.moolah.localstack.testing.TopicReader.countMatching(
                io.moolah.localstack.testing.SharedInfrastructure.get().kafkaBootstrapServers(), io.moolah.events.Topics.PAYMENT_EVENTS,
                record -> paymentId.equals(record.key()) && record.value().contains("\"type\":\"" + type + "\""),
                1, java.time.Duration.ofSeconds(30));
    }

    @Transactional
    @SuppressWarnings("unchecked")
    List<Object[]> inbox(String checkoutId) {
        return database.createNativeQuery("select status, authentic from webhook_notification where body like ?1 order by id")
                .setParameter(1, "%checkoutId=" + checkoutId + "%").getResultList();
    }

    @Test
    void aPaidCheckoutCreditsOnceThoughNotifiedTwiceAndOutOfOrder() {
        Customer customer = customer();
        var started = startTopUp(customer, UUID.randomUUID().toString(), topUp(customer, 25_000));
        assertEquals(201, started.statusCode(), started.asString());
        String paymentId = started.path("paymentId");
        String checkoutId = started.path("checkoutId");
        assertEquals("PENDING", started.path("status"));
        assertTrue(((String) started.path("redirectUrl")).contains(checkoutId));

        JsonNode paid = SimulatorControl.outcome(sim(), checkoutId, Map.of("resultCode", "000.100.110", "duplicate", true, "outOfOrder", true));
        assertEquals("[200,200,200]", paid.path("deliveries").toString(), "every delivery answered 200 at once");

        Await.until("the top-up to succeed", Duration.ofSeconds(20), () -> "SUCCEEDED".equals(status(customer, paymentId)));
        Await.sleep(1000);
        assertEquals(1, events(paymentId, "TopUpSucceeded"), "exactly one credit asked of the ledger");
        assertEquals("SUCCEEDED", status(customer, paymentId), "the late pending notice changed nothing");
        List<String> statuses = inbox(checkoutId).stream().map(row -> (String) row[0]).toList();
        assertEquals(3, statuses.size(), "every delivery is kept: " + statuses);
        assertTrue(statuses.contains("DUPLICATE"), "the second delivery was recognised: " + statuses);
        given().auth().oauth2(customer.token()).get("/api/v1/payments/" + paymentId).then()
                .body("providerReference", equalTo(paid.path("paymentId").asText()))
                .body("amount", equalTo(25_000)).body("type", equalTo("TOPUP"));
    }

    @Test
    void anEncryptedServerToServerNotificationWorksToo() {
        Customer customer = customer();
        var started = startTopUp(customer, UUID.randomUUID().toString(), topUp(customer, 5_000));
        SimulatorControl.outcome(sim(), started.path("checkoutId"), Map.of("encrypted", true));
        Await.until("the top-up to succeed", Duration.ofSeconds(20), () -> "SUCCEEDED".equals(status(customer, started.path("paymentId"))));
    }

    @Test
    void aDeclinedCardFailsTheTopUpAndCreditsNothing() {
        Customer customer = customer();
        var started = startTopUp(customer, UUID.randomUUID().toString(), topUp(customer, 5_000));
        String paymentId = started.path("paymentId");
        SimulatorControl.outcome(sim(), started.path("checkoutId"), Map.of("resultCode", "800.100.153"));
        Await.until("the top-up to fail", Duration.ofSeconds(20), () -> "FAILED".equals(status(customer, paymentId)));
        assertEquals(0, events(paymentId, "TopUpSucceeded"));
        assertEquals(1, events(paymentId, "TopUpFailed"));
    }

    @Test
    void aLostNotificationIsMadeUpForByTheStatusPoll() {
        Customer customer = customer();
        var started = startTopUp(customer, UUID.randomUUID().toString(), topUp(customer, 6_000));
        String paymentId = started.path("paymentId");
        assertEquals("[]", SimulatorControl.outcome(sim(), started.path("checkoutId"), Map.of("lost", true))
                .path("deliveries").toString());
        Await.until("the status poll to find the payment paid", Duration.ofSeconds(30),
                () -> "SUCCEEDED".equals(status(customer, paymentId)));
        assertEquals(1, events(paymentId, "TopUpSucceeded"));
        assertEquals(List.of(), inbox(started.path("checkoutId")), "no notification was ever received");
    }

    @Test
    void anAuthenticNotificationThatCannotBeStoredIs503SoPeachDeliversAgain() {
        Customer customer = customer();
        var started = startTopUp(customer, UUID.randomUUID().toString(), topUp(customer, 8_000));
        String paymentId = started.path("paymentId");
        String checkoutId = started.path("checkoutId");
        refuseInboxWrites(checkoutId, true);
        try {
            assertEquals("[503]", SimulatorControl.outcome(sim(), checkoutId, Map.of()).path("deliveries").toString(),
                    "a store that fails is never answered 200 (nor recorded as a duplicate)");
            assertEquals(List.of(), inbox(checkoutId));
        } finally {
            refuseInboxWrites(checkoutId, false);
        }
        assertEquals("[200]", SimulatorControl.outcome(sim(), checkoutId, Map.of()).path("deliveries").toString(),
                "Peach's next delivery is taken");
        Await.until("the top-up to succeed", Duration.ofSeconds(20), () -> "SUCCEEDED".equals(status(customer, paymentId)));
        assertEquals(List.of("PROCESSED"), inbox(checkoutId).stream().map(row -> (String) row[0]).toList());
    }

    /** A real failure of the database for this checkout's deliveries only: a trigger that raises, then is dropped. */
    @Transactional
    void refuseInboxWrites(String checkoutId, boolean refuse) {
        String name = "refuse_" + checkoutId.replaceAll("[^A-Za-z0-9]", "").toLowerCase();
        if (refuse) {
            database.createNativeQuery("create function " + name + "() returns trigger language plpgsql as $$ begin"
                    + " if new.body like '%" + checkoutId.replaceAll("[^A-Za-z0-9-]", "") + "%' then"
                    + " raise exception 'disk full (test)'; end if; return new; end $$").executeUpdate();
            database.createNativeQuery("create trigger " + name + " before insert on webhook_notification for each row execute function "
                    + name + "()").executeUpdate();
        } else {
            database.createNativeQuery("drop trigger if exists " + name + " on webhook_notification").executeUpdate();
            database.createNativeQuery("drop function if exists " + name + "()").executeUpdate();
        }
    }

    @Test
    void aForgedNotificationIs401StoresNothingAndChangesNothing() {
        Customer customer = customer();
        var started = startTopUp(customer, UUID.randomUUID().toString(), topUp(customer, 5_000));
        String paymentId = started.path("paymentId");
        assertEquals("[401]", SimulatorControl.outcome(sim(), started.path("checkoutId"), Map.of("forge", true)).path("deliveries").toString());
        assertEquals("[401]", SimulatorControl.outcome(sim(), started.path("checkoutId"), Map.of("forge", true, "encrypted", true))
                .path("deliveries").toString());
        Await.sleep(800);
        assertEquals("PENDING", status(customer, paymentId));
        java.time.Instant checked = java.time.Instant.now();
        // Nothing published by then (later, the payment's own status check may confirm it: that is not the forgery's doing).
        assertEquals(0, io.moolah.localstack.testing.TopicReader.countMatching(
                io.moolah.localstack.testing.SharedInfrastructure.get().kafkaBootstrapServers(), io.moolah.events.Topics.PAYMENT_EVENTS,
                record -> paymentId.equals(record.key()) && record.value().contains("\"type\":\"TopUpSucceeded\"")
                        && io.moolah.events.EventJson.fromJson(record.value().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .occurredAt().isBefore(checked), 0, java.time.Duration.ofSeconds(30)));
        assertEquals(List.of(), inbox(started.path("checkoutId")), "a forged delivery is not stored");
    }

    @Test
    void aSuccessIsBelievedOnlyAsConfirmedAndWaitsWhileTheStatusApiIsDown() {
        Customer customer = customer();
        var started = startTopUp(customer, UUID.randomUUID().toString(), topUp(customer, 7_000));
        String paymentId = started.path("paymentId");
        SimulatorControl.faults(sim(), Map.of("statusFailures", 2));
        // The notification claims another amount; the status API (the truth) says 70.00, which matches the intent.
        SimulatorControl.outcome(sim(), started.path("checkoutId"), Map.of("amount", "999.00"));
        Await.until("the top-up to succeed after the status API recovers", Duration.ofSeconds(20),
                () -> "SUCCEEDED".equals(status(customer, paymentId)));
        assertEquals(1, events(paymentId, "TopUpSucceeded"));
    }

    @Test
    void theSameKeyReplaysTheSamePaymentAndAnotherBodyIs422() {
        Customer customer = customer();
        String key = UUID.randomUUID().toString();
        var first = startTopUp(customer, key, topUp(customer, 3_000));
        var again = startTopUp(customer, key, topUp(customer, 3_000));
        assertEquals(201, again.statusCode());
        assertEquals((String) first.path("paymentId"), again.path("paymentId"));
        assertEquals((String) first.path("checkoutId"), again.path("checkoutId"));
        assertEquals("true", again.header("Idempotent-Replayed"));
        var other = startTopUp(customer, key, topUp(customer, 3_001));
        assertEquals(422, other.statusCode());
        assertEquals("IDEMPOTENCY_KEY_REUSED", other.path("code"));
    }

    @Test
    void hostileTopUpsAre4xxProblems() {
        Customer customer = customer();
        String wallet = customer.walletId().toString();
        Object[][] cases = {
                {Map.of("walletId", wallet, "amount", -100, "currency", "ZAR", "provider", "PEACH"), 400},
                {Map.of("walletId", wallet, "amount", 0, "currency", "ZAR", "provider", "PEACH"), 400},
                {"{\"walletId\":\"" + wallet + "\",\"amount\":100.5,\"currency\":\"ZAR\",\"provider\":\"PEACH\"}", 400},
                {Map.of("walletId", wallet, "amount", 999_999_999_999L, "currency", "ZAR", "provider", "PEACH"), 400},
                {"{\"walletId\":\"" + wallet + "\",\"amount\":99999999999999999999999,\"currency\":\"ZAR\",\"provider\":\"PEACH\"}", 400},
                {Map.of("walletId", wallet, "amount", 5_000, "currency", "USD", "provider", "PEACH"), 400},
                {Map.of("walletId", wallet, "amount", 5_000, "currency", "ZAR", "provider", "ZAPPER"), 400},
                {Map.of("walletId", UUID.randomUUID().toString(), "amount", 5_000, "currency", "ZAR", "provider", "PEACH"), 404},
                {Map.of("walletId", "not-a-uuid", "amount", 5_000, "currency", "ZAR", "provider", "PEACH"), 404},
                {Map.of("walletId", wallet, "amount", 5_000, "currency", "ZAR", "provider", "PEACH", "extra", 1), 400},
                {"{\"walletId\":", 400},
        };
        for (Object[] hostile : cases) {
            var answer = startTopUp(customer, UUID.randomUUID().toString(), hostile[0]);
            assertEquals(hostile[1], answer.statusCode(), hostile[0] + " -> " + answer.asString());
            assertEquals("application/problem+json", answer.contentType(), hostile[0].toString());
            assertTrue(answer.path("code") != null, answer.asString());
        }
        given().auth().oauth2(customer.token()).contentType("application/json").body(topUp(customer, 5_000))
                .post("/api/v1/topups").then().statusCode(400).body("code", equalTo("IDEMPOTENCY_KEY_REQUIRED"));
        given().auth().oauth2(customer.token()).header("Idempotency-Key", "has space").contentType("application/json")
                .body(topUp(customer, 5_000)).post("/api/v1/topups").then().statusCode(400).body("code", equalTo("INVALID_IDEMPOTENCY_KEY"));
        given().contentType("application/json").body(topUp(customer, 5_000)).header("Idempotency-Key", "k")
                .post("/api/v1/topups").then().statusCode(401);
        assertEquals(0L, ((Number) countPayments(customer.walletId())).longValue(), "no refused request left a payment behind");
    }

    @Transactional
    Object countPayments(UUID walletId) {
        return database.createNativeQuery("select count(*) from payment where wallet_id = ?1").setParameter(1, walletId).getSingleResult();
    }

    @Test
    void aPaymentIsVisibleToItsOwnerOnly() {
        Customer owner = customer();
        var started = startTopUp(owner, UUID.randomUUID().toString(), topUp(owner, 2_000));
        given().auth().oauth2(customer().token()).get("/api/v1/payments/" + started.path("paymentId")).then().statusCode(404)
                .body("code", equalTo("PAYMENT_NOT_FOUND"));
        given().auth().oauth2(owner.token()).get("/api/v1/payments/nope").then().statusCode(404);
        given().auth().oauth2(TestTokens.operator()).get("/api/v1/payments/" + started.path("paymentId")).then().statusCode(200)
                .body("paymentId", notNullValue());
    }
}
