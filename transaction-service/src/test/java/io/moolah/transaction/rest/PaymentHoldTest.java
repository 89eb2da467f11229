package io.moolah.transaction.rest;

import io.moolah.events.EventJson;
import io.moolah.events.Topics;
import io.moolah.events.payment.PaymentEventTypes;
import io.moolah.events.payment.QrPaymentFailed;
import io.moolah.events.payment.QrPaymentSucceeded;
import io.moolah.events.payment.RefundSucceeded;
import io.moolah.localstack.Await;
import io.moolah.localstack.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.moolah.transaction.rest.HoldTest.assertBalances;
import static io.moolah.transaction.rest.HoldTest.key;
import static io.moolah.transaction.rest.Ledger.count;
import static io.moolah.transaction.rest.Ledger.fund;
import static io.moolah.transaction.rest.Ledger.newCustomer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Holds for provider payments: placed only with the payment service's credential, settled only by the payment's
 * outcome, never expiring while the payment is open; a provider success that finds the hold gone is still booked.
 */
@QuarkusTest
class PaymentHoldTest {

    @Test
    void onlyThePaymentServicePlacesPaymentHolds() {
        var alice = newCustomer();
        fund(alice, 1_000);
        String reference = "qr:" + UUID.randomUUID();
        Map<String, Object> body = body(alice, 400, reference, Instant.now().plusSeconds(600));
        for (String authorization : new String[] {null, "Bearer " + alice.token(), "Bearer " + TestTokens.operator(),
                "Service wrong-token-of-some-length", "Service ", TestTokens.serviceAuthorization() + "x"}) {
            var request = given().header("Idempotency-Key", key()).contentType("application/json").body(body);
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            request.post("/internal/v1/payment-holds").then().statusCode(401).body("code", equalTo("SERVICE_CREDENTIAL_REQUIRED"));
        }
        assertBalances(alice, 1_000, 0);

        String key = key();
        String holdId = placeAsService(body, key).statusCode(201).body("status", equalTo("OPEN")).extract().path("holdId");
        placeAsService(body, key).statusCode(201).header("Idempotent-Replayed", "true").body("holdId", equalTo(holdId));
        placeAsService(body, key()).statusCode(409).body("code", equalTo("HOLD_REFERENCE_TAKEN"));
        placeAsService(body(alice, 1, "coffee", Instant.now().plusSeconds(60)), key()).statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        placeAsService(body(alice, 601, "qr:" + UUID.randomUUID(), Instant.now().plusSeconds(60)), key())
                .statusCode(422).body("code", equalTo("INSUFFICIENT_FUNDS"));
        assertBalances(alice, 1_000, 400);

        // The customer cannot settle it by hand: voiding it after Zapper paid would keep the money.
        given().auth().oauth2(alice.token()).post("/api/v1/holds/" + holdId + "/void").then()
                .statusCode(409).body("code", equalTo("HOLD_BELONGS_TO_PAYMENT"));
        HoldTest.capture(alice, holdId, null, key()).statusCode(409).body("code", equalTo("HOLD_BELONGS_TO_PAYMENT"));
        assertBalances(alice, 1_000, 400);
    }

    @Test
    void aPaymentHoldDoesNotExpireWhileItsPaymentIsOpenAndTheLateSuccessCapturesIt() {
        var alice = newCustomer();
        fund(alice, 1_000);
        UUID paymentId = UUID.randomUUID();
        String reference = "qr:" + paymentId;
        String holdId = placeAsService(body(alice, 700, reference, Instant.now().plusSeconds(1)), key())
                .statusCode(201).extract().path("holdId");
        // A customer's hold placed at the same time with the same expiry is released by the job (every second in tests).
        String own = HoldTest.place(alice, 100, Instant.now().plusSeconds(1), key()).statusCode(201).extract().path("holdId");
        Await.until("the customer's hold to expire", Duration.ofSeconds(30),
                () -> count("select count(*) from hold where status = 'EXPIRED' and id = '" + own + "'") == 1);
        assertEquals(1L, count("select count(*) from hold where status = 'OPEN' and id = '" + holdId + "'"));
        assertBalances(alice, 1_000, 700);

        publishQrSucceeded(alice, paymentId, 700);
        Await.until("the capture", Duration.ofSeconds(30),
                () -> count("select count(*) from hold where status = 'CAPTURED' and id = '" + holdId + "'") == 1);
        assertBalances(alice, 300, 0);
        assertEquals(0L, count("select count(*) from ledger_exception where reference = '" + reference + "'"));
    }

    @Test
    void aQrSuccessAfterTheHoldWasReleasedIsBookedAgainstSuspenseAndSetAsideForAnOperator() {
        var alice = newCustomer();
        fund(alice, 1_000);
        UUID paymentId = UUID.randomUUID();
        String reference = "qr:" + paymentId;
        placeAsService(body(alice, 600, reference, Instant.now().plusSeconds(600)), key()).statusCode(201);
        long suspenseBefore = AdminTest.suspense();
        long zapperBefore = clearing("ZAPPER");

        // The hold is released (the payment was reported failed), then Zapper reports it paid after all, twice.
        Ledger.publish(Topics.PAYMENT_EVENTS, paymentId.toString(), EventJson.newEvent(PaymentEventTypes.QR_PAYMENT_FAILED,
                PaymentEventTypes.VERSION, paymentId.toString(), "payment-gateway-service",
                new QrPaymentFailed(paymentId, alice.walletId(), 600, "ZAR", reference, "DECLINED")));
        publishQrSucceeded(alice, paymentId, 600);
        publishQrSucceeded(alice, paymentId, 600);
        awaitHandled(paymentId);

        // The merchant was paid: Zapper's clearing account is owed, from suspense, once; the wallet is untouched.
        assertBalances(alice, 1_000, 0);
        assertEquals(zapperBefore + 600, clearing("ZAPPER"));
        assertEquals(suspenseBefore - 600, AdminTest.suspense());
        assertEquals(1L, count("select count(*) from journal_entry where type = 'LATE_CAPTURE' and reference = '" + reference + "'"));
        String exceptionId = given().auth().oauth2(TestTokens.operator()).get("/api/v1/admin/ledger-exceptions").then()
                .statusCode(200).extract().jsonPath()
                .param("ref", reference).getString("items.find { it.reference == ref }.id");
        given().auth().oauth2(TestTokens.operator()).get("/api/v1/admin/ledger-exceptions").then()
                .body("items.find { it.id == '" + exceptionId + "' }.amount", equalTo(600))
                .body("items.find { it.id == '" + exceptionId + "' }.walletId", equalTo(alice.walletId().toString()));
        given().auth().oauth2(alice.token()).get("/api/v1/admin/ledger-exceptions").then().statusCode(403);

        // The operator recovers the money from the wallet and resolves the record, once.
        Ledger.adjust(alice.walletId(), -600, key()).statusCode(201);
        resolve(exceptionId, Map.of()).statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        resolve(exceptionId, Map.of("resolution", "recovered by adjustment")).statusCode(200).body("status", equalTo("RESOLVED"));
        resolve(exceptionId, Map.of("resolution", "again")).statusCode(409).body("code", equalTo("LEDGER_EXCEPTION_RESOLVED"));
        resolve("nope", Map.of("resolution", "x")).statusCode(404).body("code", equalTo("LEDGER_EXCEPTION_NOT_FOUND"));
        assertEquals(suspenseBefore, AdminTest.suspense());
        assertBalances(alice, 400, 0);
    }

    @Test
    void aRefundSuccessWithoutItsHoldIsBookedAgainstSuspenseOnce() {
        var alice = newCustomer();
        fund(alice, 1_000);
        UUID paymentId = UUID.randomUUID();
        String reference = "refund:" + paymentId;
        long suspenseBefore = AdminTest.suspense();
        long peachBefore = clearing("PEACH");
        RefundSucceeded refund = new RefundSucceeded(paymentId, alice.walletId(), 250, "ZAR", "PEACH", reference, "rf-1");
        for (int i = 0; i < 2; i++) {
            Ledger.publish(Topics.PAYMENT_EVENTS, paymentId.toString(), EventJson.newEvent(PaymentEventTypes.REFUND_SUCCEEDED,
                    PaymentEventTypes.VERSION, paymentId.toString(), "payment-gateway-service", refund));
        }
        awaitHandled(paymentId);
        assertBalances(alice, 1_000, 0);
        assertEquals(peachBefore + 250, clearing("PEACH"));
        assertEquals(suspenseBefore - 250, AdminTest.suspense());
        assertEquals(1L, count("select count(*) from ledger_exception where status = 'OPEN' and kind = 'LATE_CAPTURE'"
                + " and amount = 250 and reference = '" + reference + "'"));
    }

    private static void publishQrSucceeded(Ledger.Customer who, UUID paymentId, long amount) {
        Ledger.publish(Topics.PAYMENT_EVENTS, paymentId.toString(), EventJson.newEvent(PaymentEventTypes.QR_PAYMENT_SUCCEEDED,
                PaymentEventTypes.VERSION, paymentId.toString(), "payment-gateway-service",
                new QrPaymentSucceeded(paymentId, who.walletId(), amount, "ZAR", "qr:" + paymentId, "zap-" + paymentId, "Kwik Deli")));
    }

    /**
     * Waits until every event published so far under {@code key} is handled: a sentinel with no effect (a failure for
     * a payment that has no hold) goes on the same partition after them, and its processed-event row tells.
     */
    private static void awaitHandled(UUID key) {
        UUID sentinel = UUID.randomUUID();
        var event = EventJson.newEvent(PaymentEventTypes.QR_PAYMENT_FAILED, PaymentEventTypes.VERSION, key.toString(),
                "payment-gateway-service", new QrPaymentFailed(sentinel, sentinel, 1, "ZAR", "qr:" + sentinel, "sentinel"));
        Ledger.publish(Topics.PAYMENT_EVENTS, key.toString(), event);
        Await.until("the events before the sentinel to be handled", Duration.ofSeconds(30),
                () -> count("select count(*) from processed_event where event_id = '" + event.eventId() + "'") == 1);
    }

    private static ValidatableResponse resolve(String id, Map<String, Object> body) {
        return given().auth().oauth2(TestTokens.operator()).contentType("application/json").body(body)
                .post("/api/v1/admin/ledger-exceptions/" + id + "/resolve").then();
    }

    static ValidatableResponse placeAsService(Map<String, Object> body, String key) {
        return given().header("Authorization", TestTokens.serviceAuthorization()).header("Idempotency-Key", key)
                .contentType("application/json").body(body).post("/internal/v1/payment-holds").then();
    }

    static Map<String, Object> body(Ledger.Customer owner, long amount, String reference, Instant expiresAt) {
        return Map.of("walletId", owner.walletId().toString(), "amount", amount, "currency", "ZAR", "reference", reference,
                "expiresAt", expiresAt.toString());
    }

    private static long clearing(String provider) {
        return count("select balance from ledger_account where account_key = 'clearing:" + provider + ":ZAR'");
    }
}
