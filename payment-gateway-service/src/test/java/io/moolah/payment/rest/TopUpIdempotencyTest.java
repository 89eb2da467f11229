package io.moolah.payment.rest;

import io.moolah.localstack.testing.KafkaResource;
import io.moolah.localstack.testing.PostgresResource;
import io.moolah.localstack.testing.TestTokens;
import io.moolah.payment.CounterpartsResource;
import io.moolah.payment.PaymentRows;
import io.moolah.payment.Customers;
import io.moolah.payment.Customers.Customer;
import io.moolah.payment.PeachRelay;
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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One Idempotency-Key, one checkout at Peach: however many requests carry it, at once or after a failure. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "payment"),
        scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TestTokens.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = CounterpartsResource.class, scope = TestResourceScope.GLOBAL)
class TopUpIdempotencyTest {
    private static final int RACERS = 4;

    @Inject
    EntityManager database;

    static ExtractableResponse<Response> startTopUp(Customer customer, String key, long amount) {
        return given().auth().oauth2(customer.token()).header("Idempotency-Key", key).contentType("application/json")
                .body(Map.of("walletId", customer.walletId().toString(), "amount", amount, "currency", "ZAR", "provider", "PEACH"))
                .post("/api/v1/topups").then().extract();
    }

    private static PeachRelay peach() {
        return CounterpartsResource.relay();
    }

    @Transactional
    String merchantTransactionId(String paymentId) {
        return (String) database.createNativeQuery("select merchant_transaction_id from payment where id = cast(?1 as uuid)")
                .setParameter(1, paymentId).getSingleResult();
    }

    @Inject
    PaymentRows rows;

    @Test
    void requestsRacingWithOneKeyOpenOneCheckoutAndNeverFail() throws Exception {
        Customer customer = Customers.newCustomer();
        String key = UUID.randomUUID().toString();
        List<ExtractableResponse<Response>> answers = new ArrayList<>();
        ExecutorService racers = Executors.newFixedThreadPool(RACERS);
        try {
            // A slow Peach keeps the first request in flight while the others arrive.
            peach().delayCheckouts(Duration.ofMillis(1_500));
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ExtractableResponse<Response>>> sent = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                sent.add(racers.submit(() -> {
                    go.await(10, TimeUnit.SECONDS);
                    return startTopUp(customer, key, 1_002);
                }));
            }
            go.countDown();
            for (Future<ExtractableResponse<Response>> answer : sent) {
                answers.add(answer.get(60, TimeUnit.SECONDS));
            }
        } finally {
            peach().delayCheckouts(Duration.ZERO);
            racers.shutdownNow();
        }
        List<String> seen = answers.stream().map(a -> a.statusCode() + " " + a.asString()).toList();
        for (ExtractableResponse<Response> answer : answers) {
            assertTrue(answer.statusCode() == 201 || answer.statusCode() == 409, "201 or 409 only: " + seen);
            if (answer.statusCode() == 409) {
                assertEquals("REQUEST_IN_PROGRESS", answer.path("code"), seen.toString());
            }
        }
        Set<String> checkouts = answers.stream().filter(a -> a.statusCode() == 201).map(a -> (String) a.path("checkoutId"))
                .collect(Collectors.toSet());
        assertEquals(1, checkouts.size(), "every success names the same checkout: " + seen);

        var after = startTopUp(customer, key, 1_002);
        assertEquals(201, after.statusCode(), after.asString());
        assertEquals("true", after.header("Idempotent-Replayed"));
        assertEquals(checkouts.iterator().next(), after.path("checkoutId"));
        assertEquals(1, peach().checkoutsOpened(merchantTransactionId(after.path("paymentId"))), "Peach opened one checkout");
        assertEquals(1, rows.payments(customer.walletId()));
    }

    @Test
    void aCheckoutWhoseAnswerWasLostIsNotOpenedAgainUnderTheSameKey() {
        Customer customer = Customers.newCustomer();
        String key = UUID.randomUUID().toString();
        peach().loseCheckoutAnswers(1);
        var first = startTopUp(customer, key, 2_000);
        assertEquals(503, first.statusCode(), first.asString());
        assertEquals("PROVIDER_UNAVAILABLE", first.path("code"));
        var retry = startTopUp(customer, key, 2_000);
        assertEquals(503, retry.statusCode(), "the key's attempt failed; a new key starts again: " + retry.asString());
        assertEquals(1, rows.payments(customer.walletId()));
        String reference = merchantTransactionIdOfWallet(customer.walletId());
        assertEquals(1, peach().checkoutsOpened(reference), "the retry did not open a second checkout");

        var fresh = startTopUp(customer, UUID.randomUUID().toString(), 2_000);
        assertEquals(201, fresh.statusCode(), fresh.asString());
    }

    @Transactional
    String merchantTransactionIdOfWallet(UUID walletId) {
        return (String) database.createNativeQuery("select merchant_transaction_id from payment where wallet_id = ?1")
                .setParameter(1, walletId).getSingleResult();
    }
}
