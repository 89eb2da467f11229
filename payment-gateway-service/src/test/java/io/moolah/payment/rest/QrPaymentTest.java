package io.moolah.payment.rest;

import io.moolah.localstack.Await;
import io.moolah.localstack.simulators.ZapperSimulator;
import io.moolah.localstack.testing.KafkaResource;
import io.moolah.localstack.testing.PostgresResource;
import io.moolah.localstack.testing.TestTokens;
import io.moolah.payment.CounterpartsResource;
import io.moolah.payment.PaymentRows;
import io.moolah.payment.Customers;
import io.moolah.payment.Customers.Customer;
import io.moolah.payment.LedgerStandIn;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** QR payments against the Zapper simulator and the ledger stand-in: replays in flight, hostile codes. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "payment"),
        scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TestTokens.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = CounterpartsResource.class, scope = TestResourceScope.GLOBAL)
class QrPaymentTest {

    static ExtractableResponse<Response> pay(Customer customer, String key, Object body) {
        return given().auth().oauth2(customer.token()).header("Idempotency-Key", key).contentType("application/json")
                .body(body).post("/api/v1/qr-payments").then().extract();
    }

    static Map<String, Object> qr(Customer customer, String code, long amount) {
        return Map.of("walletId", customer.walletId().toString(), "qrCode", code, "amount", amount, "currency", "ZAR");
    }

    private static LedgerStandIn ledger() {
        return CounterpartsResource.ledger();
    }

    @Inject
    PaymentRows rows;

    @Test
    void aReplayWhileTheHoldIsBeingPlacedIs409AndRevealsNoPaymentId() throws Exception {
        Customer customer = Customers.newCustomer();
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = qr(customer, ZapperSimulator.qrCode("817", "463", "10.00", "Central Perk"), 1000);
        ExecutorService first = Executors.newSingleThreadExecutor();
        try {
            ledger().pauseHolds();
            Future<ExtractableResponse<Response>> answer = first.submit(() -> pay(customer, key, body));
            Await.until("the first request to ask the ledger for its hold", Duration.ofSeconds(15),
                    () -> !ledger().holdsAskedFor(customer.walletId()).isEmpty());
            var replay = pay(customer, key, body);
            assertEquals(409, replay.statusCode(), replay.asString());
            assertEquals("application/problem+json", replay.contentType());
            assertEquals("REQUEST_IN_PROGRESS", replay.path("code"));
            assertNull(replay.path("paymentId"), "nothing about the payment is revealed before its hold is placed");
            assertTrue(ledger().holdsAskedFor(customer.walletId()).stream().allMatch(hold -> hold.placedAt() == null));

            ledger().resumeHolds();
            var settled = answer.get(30, TimeUnit.SECONDS);
            Instant answeredAt = Instant.now();
            assertEquals(201, settled.statusCode(), settled.asString());
            assertEquals("SUCCEEDED", settled.path("status"));
            String paymentId = settled.path("paymentId");
            List<LedgerStandIn.HoldRequest> holds = ledger().holdsAskedFor(customer.walletId());
            assertEquals(1, holds.size(), "one hold asked for: " + holds);
            assertEquals("qr:" + paymentId, holds.get(0).reference());
            assertTrue(holds.get(0).placedAt() != null && holds.get(0).placedAt().isBefore(answeredAt),
                    "the hold under qr:<paymentId> was placed before any answer carried the payment id");

            var later = pay(customer, key, body);
            assertEquals(201, later.statusCode(), later.asString());
            assertEquals(paymentId, later.path("paymentId"));
            assertEquals("true", later.header("Idempotent-Replayed"));
        } finally {
            ledger().resumeHolds();
            first.shutdownNow();
        }
    }

    @Test
    void aReplayWhileZapperIsBeingPaidIs409ThenTheStoredAnswer() throws Exception {
        Customer customer = Customers.newCustomer();
        String key = UUID.randomUUID().toString();
        // An amount ending in 54: Zapper records the payment at once but answers only after a while.
        Map<String, Object> body = qr(customer, ZapperSimulator.qrCode("817", "463", "10.54", "Slow Cafe"), 1054);
        ExecutorService first = Executors.newSingleThreadExecutor();
        try {
            Future<ExtractableResponse<Response>> answer = first.submit(() -> pay(customer, key, body));
            Await.until("Zapper to record the payment", Duration.ofSeconds(15), () -> CounterpartsResource.zapper().recorded().stream()
                    .anyMatch(paid -> ledger().holdsAskedFor(customer.walletId()).stream()
                            .anyMatch(hold -> hold.reference().equals("qr:" + paid.reference()))));
            var replay = pay(customer, key, body);
            assertEquals(409, replay.statusCode(), replay.asString());
            assertEquals("REQUEST_IN_PROGRESS", replay.path("code"));

            var settled = answer.get(30, TimeUnit.SECONDS);
            assertEquals(201, settled.statusCode(), settled.asString());
            var later = pay(customer, key, body);
            assertEquals(201, later.statusCode(), later.asString());
            assertEquals((String) settled.path("paymentId"), later.path("paymentId"));
            assertEquals("SUCCEEDED", later.path("status"));
        } finally {
            first.shutdownNow();
        }
    }

    @Test
    void controlCharactersInTheCodeAre400AndRecordNothing() {
        Customer customer = Customers.newCustomer();
        // As JSON escapes, the way a hostile client sends them: NUL (inside, leading, alone), BEL, ESC, a line break,
        // DEL, a C1 control, half a surrogate pair.
        String code = "http://2.zap.pe?t=6&i=817:463:7[34|10.00:10[38|%s,39|ZAR";
        String[] hostile = {code.formatted("Central\\u0000Perk"), "\\u0000" + code.formatted("Central Perk"), "\\u0000",
                code.formatted("Central\\u0007Perk"), code.formatted("Central\\u001b[2JPerk"), code.formatted("Central\\nPerk"),
                code.formatted("Central\\u007fPerk"), code.formatted("Central\\u0085Perk"), code.formatted("Central\\ud800Perk")};
        for (String qrCode : hostile) {
            String body = "{\"walletId\":\"" + customer.walletId() + "\",\"qrCode\":\"" + qrCode
                    + "\",\"amount\":1000,\"currency\":\"ZAR\"}";
            var answer = pay(customer, UUID.randomUUID().toString(), body);
            assertEquals(400, answer.statusCode(), body + " -> " + answer.asString());
            assertEquals("application/problem+json", answer.contentType());
            assertEquals("VALIDATION_FAILED", answer.path("code"));
            assertEquals("qrCode", answer.path("errors[0].field"));
        }
        assertEquals(0, rows.payments(customer.walletId()), "no refused request left a payment behind");
        assertTrue(ledger().holdsAskedFor(customer.walletId()).isEmpty(), "no hold was asked for");

        var scanned = pay(customer, UUID.randomUUID().toString(), qr(customer, code.formatted("Central Perk") + "\r\n", 1000));
        assertEquals(201, scanned.statusCode(), "a scanner's line end around the code is fine: " + scanned.asString());
    }

    @Test
    void aCodeInAnotherCurrencyIs422AndMovesNothing() {
        Customer customer = Customers.newCustomer();
        for (String currency : List.of("USD", "39n|EUR")) {
            String field = currency.contains("|") ? currency : "39|" + currency;
            String code = "http://2.zap.pe?t=6&i=817:463:7[34|10.00|11:10[38|Central Perk," + field;
            var answer = pay(customer, UUID.randomUUID().toString(), qr(customer, code, 1000));
            assertEquals(422, answer.statusCode(), code + " -> " + answer.asString());
            assertEquals("QR_CURRENCY_MISMATCH", answer.path("code"));
        }
        assertEquals(0, rows.payments(customer.walletId()), "no refused request left a payment behind");
        assertTrue(ledger().holdsAskedFor(customer.walletId()).isEmpty(), "no hold was asked for, so Zapper was not paid");
    }
}
