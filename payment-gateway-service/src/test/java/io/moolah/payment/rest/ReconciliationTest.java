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
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reconciliation accounts for every line of the provider's report, also several charges for one payment. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "payment"),
        scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TestTokens.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = CounterpartsResource.class, scope = TestResourceScope.GLOBAL)
class ReconciliationTest {

    @Inject
    EntityManager database;

    @Transactional
    Object[] payment(String paymentId) {
        return (Object[]) database.createNativeQuery("select merchant_transaction_id, status, provider_payment_id from payment where id = cast(?1 as uuid)")
                .setParameter(1, paymentId).getSingleResult();
    }

    @Test
    void extraChargesAtPeachForOnePaymentAreReportedNotHidden() {
        Customer customer = Customers.newCustomer();
        var started = given().auth().oauth2(customer.token()).header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType("application/json")
                .body(Map.of("walletId", customer.walletId().toString(), "amount", 1_002, "currency", "ZAR", "provider", "PEACH"))
                .post("/api/v1/topups").then().statusCode(201).extract();
        String paymentId = started.path("paymentId");
        String merchantTransactionId = (String) payment(paymentId)[0];
        // Two more checkouts at Peach under the same reference (what racing requests used to open), all three paid.
        String sim = CounterpartsResource.peach().baseUrl();
        List<String> extraCheckouts = List.of(SimulatorControl.openCheckout(CounterpartsResource.peach(), merchantTransactionId, "10.02"),
                SimulatorControl.openCheckout(CounterpartsResource.peach(), merchantTransactionId, "10.02"));
        SimulatorControl.outcome(sim, started.path("checkoutId"), Map.of());
        Await.until("the top-up to succeed", Duration.ofSeconds(20), () -> "SUCCEEDED".equals(payment(paymentId)[1]));
        String ourCharge = (String) payment(paymentId)[2];
        List<String> extraCharges = extraCheckouts.stream()
                .map(checkout -> SimulatorControl.outcome(sim, checkout, Map.of()).path("paymentId").asText()).toList();
        // The ledger credited the wallet once.
        CounterpartsResource.ledger().book("PEACH", "payment:" + paymentId, 1_002);

        var run = given().auth().oauth2(TestTokens.operator()).contentType("application/json")
                .body(Map.of("provider", "PEACH", "date", LocalDate.now(ZoneOffset.UTC).toString()))
                .post("/api/v1/admin/reconciliations").then().statusCode(201).extract();
        List<Map<String, Object>> lines = run.path("lines.findAll { it.paymentId == '" + paymentId + "' }");
        assertEquals(3, lines.size(), "one line per charge at Peach: " + lines);
        Map<String, Object> matched = lines.stream().filter(line -> "MATCHED".equals(line.get("outcome"))).findFirst().orElseThrow();
        assertEquals(ourCharge, matched.get("providerId"), "the charge the payment was confirmed by is the matched one");
        List<Object> extras = lines.stream().filter(line -> "EXTRA_AT_PROVIDER".equals(line.get("outcome")))
                .map(line -> line.get("providerId")).toList();
        assertEquals(2, extras.size(), lines.toString());
        assertTrue(extras.containsAll(extraCharges), extras + " vs " + extraCharges);
        assertTrue(run.<Integer>path("extraAtProvider") >= 2, run.asString());

        String runId = run.path("runId");
        List<String> kept = given().auth().oauth2(TestTokens.operator()).get("/api/v1/admin/reconciliations/" + runId).then()
                .statusCode(200).extract().path("lines.findAll { it.paymentId == '" + paymentId + "' }.outcome");
        assertEquals(List.of("EXTRA_AT_PROVIDER", "EXTRA_AT_PROVIDER", "MATCHED"), kept.stream().sorted().toList(), "the run is kept as found");
    }

    @Test
    void clearingEntriesThatNameNoPaymentAreReportedNotHidden() {
        // A customer captured a hold of their own into Zapper's clearing account: a reference that names no payment.
        String ownReference = "lunch-" + UUID.randomUUID();
        UUID noSuchPayment = UUID.randomUUID();
        CounterpartsResource.ledger().book("ZAPPER", ownReference, 4_321);
        CounterpartsResource.ledger().book("ZAPPER", "qr:" + noSuchPayment, 1_234);

        var run = given().auth().oauth2(TestTokens.operator()).contentType("application/json")
                .body(Map.of("provider", "ZAPPER", "date", LocalDate.now(ZoneOffset.UTC).toString()))
                .post("/api/v1/admin/reconciliations").then().statusCode(201).extract();
        List<Map<String, Object>> unnamed = run.path("lines.findAll { it.ledgerReference == '" + ownReference + "' }");
        assertEquals(1, unnamed.size(), run.asString());
        assertEquals("UNKNOWN_IN_LEDGER", unnamed.get(0).get("outcome"));
        assertEquals(4_321, ((Number) unnamed.get(0).get("ledgerAmount")).intValue());
        List<String> unknownPayment = run.path("lines.findAll { it.paymentId == '" + noSuchPayment + "' }.outcome");
        assertEquals(List.of("UNKNOWN_IN_LEDGER"), unknownPayment, run.asString());
        List<Object> counted = run.path("lines.findAll { it.outcome == 'UNKNOWN_IN_LEDGER' }");
        assertEquals(counted.size(), run.<Integer>path("unknownInLedger"), "counted like the other outcomes");
        assertTrue(counted.size() >= 2, run.asString());

        var kept = given().auth().oauth2(TestTokens.operator()).get("/api/v1/admin/reconciliations/" + run.<String>path("runId"))
                .then().statusCode(200).extract();
        assertEquals(run.<Integer>path("unknownInLedger"), kept.<Integer>path("unknownInLedger"));
        assertEquals(List.of("UNKNOWN_IN_LEDGER"),
                kept.<List<String>>path("lines.findAll { it.ledgerReference == '" + ownReference + "' }.outcome"), "the run is kept as found");
    }
}
