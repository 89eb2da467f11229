package io.moolah.payment.rest;

import io.moolah.localstack.Await;
import io.moolah.localstack.testing.KafkaResource;
import io.moolah.localstack.testing.PostgresResource;
import io.moolah.localstack.testing.TestTokens;
import io.moolah.payment.CounterpartsResource;
import io.moolah.payment.Customers;
import io.moolah.payment.Customers.Customer;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Refunds: racing requests never fail with a 500, and a refund's Idempotency-Key belongs to one payment. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "payment"),
        scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TestTokens.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = CounterpartsResource.class, scope = TestResourceScope.GLOBAL)
class RefundTest {

    @Inject
    EntityManager database;

    @Transactional
    Object[] payment(String paymentId) {
        return (Object[]) database.createNativeQuery("select status, refund_status from payment where id = cast(?1 as uuid)")
                .setParameter(1, paymentId).getSingleResult();
    }

    @Transactional
    void leaveRefundPending(String paymentId, String startedAgo) {
        database.createNativeQuery("update payment set refund_status = 'PENDING', refund_requested_at = now() - cast(?2 as interval)"
                + " where id = cast(?1 as uuid)").setParameter(1, paymentId).setParameter(2, startedAgo).executeUpdate();
    }

    /** A top-up of R10.03 paid at Peach and confirmed: refundable. */
    private String succeededTopUp(Customer customer) {
        var started = given().auth().oauth2(customer.token()).header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType("application/json")
                .body(Map.of("walletId", customer.walletId().toString(), "amount", 1_003, "currency", "ZAR", "provider", "PEACH"))
                .post("/api/v1/topups").then().statusCode(201).extract();
        String paymentId = started.path("paymentId");
        SimulatorControl.outcome(CounterpartsResource.peach().baseUrl(), started.path("checkoutId"), Map.of());
        Await.until("the top-up to succeed", Duration.ofSeconds(20), () -> "SUCCEEDED".equals(payment(paymentId)[0]));
        return paymentId;
    }

    private static ExtractableResponse<Response> refund(String paymentId, String key) {
        return given().auth().oauth2(TestTokens.operator()).header("Idempotency-Key", key).contentType("application/json")
                .body(Map.of("reason", "par")).post("/api/v1/admin/payments/" + paymentId + "/refund").then().extract();
    }

    @Test
    void racingRefundsGetRequestInProgressNeverAnError() throws Exception {
        Customer customer = Customers.newCustomer();
        String paymentId = succeededTopUp(customer);
        String sharedKey = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<ExtractableResponse<Response>>> answers = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        // The first refund to get through waits at the ledger for its hold, so every other request races one in flight.
        CounterpartsResource.ledger().pauseHolds();
        try {
            for (int i = 0; i < 20; i++) {
                String key = i % 2 == 0 ? sharedKey : UUID.randomUUID().toString();
                answers.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return refund(paymentId, key);
                }));
            }
            start.countDown();
            Await.until("19 requests answered while one is at the ledger", Duration.ofSeconds(30),
                    () -> answers.stream().filter(Future::isDone).count() >= 19);
        } finally {
            CounterpartsResource.ledger().resumeHolds();
        }
        List<String> outcomes = new ArrayList<>();
        for (Future<ExtractableResponse<Response>> answer : answers) {
            ExtractableResponse<Response> response = answer.get(30, TimeUnit.SECONDS);
            outcomes.add(response.statusCode() + " " + (response.statusCode() >= 400 ? response.path("code") : response.path("refundStatus")));
            if (response.statusCode() >= 400) {
                assertTrue(response.contentType().startsWith("application/problem+json"), response.contentType());
            }
        }
        pool.shutdownNow();
        assertEquals(1, outcomes.stream().filter("201 SUCCEEDED"::equals).count(), outcomes.toString());
        assertEquals(19, outcomes.stream().filter("409 REQUEST_IN_PROGRESS"::equals).count(), outcomes.toString());
        assertEquals(1, CounterpartsResource.ledger().holdsAskedFor(customer.walletId()).size(), "the money is held once");
        assertEquals("REFUNDED", payment(paymentId)[0]);

        // Afterwards, any key gets the refund as done.
        var again = refund(paymentId, UUID.randomUUID().toString());
        assertEquals(200, again.statusCode(), again.asString());
        assertEquals("true", again.header("Idempotent-Replayed"));
    }

    @Test
    void aPendingRefundLeftByACrashIsAlreadyTriedNotInProgress() {
        Customer customer = Customers.newCustomer();
        String paymentId = succeededTopUp(customer);
        leaveRefundPending(paymentId, "10 minutes");
        var answer = refund(paymentId, UUID.randomUUID().toString());
        assertEquals(409, answer.statusCode(), answer.asString());
        assertEquals("REFUND_ALREADY_TRIED", answer.path("code"));

        leaveRefundPending(paymentId, "1 second");
        answer = refund(paymentId, UUID.randomUUID().toString());
        assertEquals(409, answer.statusCode(), answer.asString());
        assertEquals("REQUEST_IN_PROGRESS", answer.path("code"));
        assertTrue(CounterpartsResource.ledger().holdsAskedFor(customer.walletId()).isEmpty(), "nothing was held");
    }

    @Test
    void aRefundsKeyUsedForAnotherPaymentIsRefused() {
        Customer first = Customers.newCustomer();
        Customer second = Customers.newCustomer();
        String a = succeededTopUp(first);
        String b = succeededTopUp(second);
        String key = UUID.randomUUID().toString();

        var refunded = refund(a, key);
        assertEquals(201, refunded.statusCode(), refunded.asString());
        var replay = refund(a, key);
        assertEquals(200, replay.statusCode(), replay.asString());
        assertEquals("true", replay.header("Idempotent-Replayed"));
        assertEquals(refunded.<String>path("refundReference"), replay.path("refundReference"));

        var reused = refund(b, key);
        assertEquals(422, reused.statusCode(), reused.asString());
        assertTrue(reused.contentType().startsWith("application/problem+json"), reused.contentType());
        assertEquals("IDEMPOTENCY_KEY_REUSED", reused.path("code"));
        assertEquals("SUCCEEDED", payment(b)[0], "the other payment is untouched");
        assertNull(payment(b)[1]);
        assertTrue(CounterpartsResource.ledger().holdsAskedFor(second.walletId()).isEmpty(), "nothing held for the other payment");

        var own = refund(b, UUID.randomUUID().toString());
        assertEquals(201, own.statusCode(), own.asString());
    }
}
