package io.moolah.payment;

import io.moolah.localstack.Await;
import io.moolah.localstack.simulators.ZapperSimulator;
import io.moolah.localstack.testing.KafkaResource;
import io.moolah.localstack.testing.PostgresResource;
import io.moolah.localstack.testing.TestTokens;
import io.moolah.payment.ledger.LedgerHolds;
import io.moolah.payment.peach.PeachClient;
import io.moolah.payment.zapper.ZapperClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbound REST clients' fault tolerance against the real simulators and the ledger stand-in: what is safe to
 * repeat is repeated (a status read, a keyed hold), what is not is never (a checkout), a failing call's circuit breaker
 * opens and stops calls reaching the provider, then closes once it answers again; and every call is measured.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "payment"),
        scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TestTokens.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = CounterpartsResource.class, scope = TestResourceScope.GLOBAL)
class OutboundCallsTest {

    @Inject
    PeachClient peach;

    @Inject
    ZapperClient zapper;

    @Inject
    LedgerHolds holds;

    @Test
    void aStatusReadIsRetriedThroughPeachsFailuresButACheckoutIsNeverAskedForTwice() {
        PeachRelay relay = CounterpartsResource.relay();
        PeachClient.Checkout checkout = peach.createCheckout(reference(), 2500, "ZAR");
        String statusPath = "/v2/checkout/" + checkout.checkoutId() + "/status";

        relay.failNext(statusPath, 2);
        PeachClient.Status status = peach.status(checkout.checkoutId());
        assertEquals(2500, status.amount(), "the third try answered");
        assertEquals(3, relay.requestsTo(statusPath), "two 503s, then the answer");

        String reference = reference();
        int checkoutsBefore = relay.requestsTo("/v2/checkout");
        relay.failNext("/v2/checkout", 1);
        assertThrows(PeachClient.ProviderUnavailable.class, () -> peach.createCheckout(reference, 2500, "ZAR"));
        assertEquals(checkoutsBefore + 1, relay.requestsTo("/v2/checkout"), "a checkout is not repeated: Peach has no key for it");
        assertEquals(0, relay.checkoutsOpened(reference));
    }

    @Test
    void aFailingStatusReadOpensItsCircuitBreakerWhichStopsCallsThenClosesWhenPeachAnswersAgain() {
        PeachRelay relay = CounterpartsResource.relay();
        PeachClient.Checkout checkout = peach.createCheckout(reference(), 1800, "ZAR");
        String statusPath = "/v2/checkout/" + checkout.checkoutId() + "/status";
        relay.failNext(statusPath, 1_000);
        try {
            String opened = null;
            for (int call = 0; call < 10 && opened == null; call++) {
                PeachClient.ProviderUnavailable failed = assertThrows(PeachClient.ProviderUnavailable.class,
                        () -> peach.status(checkout.checkoutId()));
                opened = failed.getMessage().contains("CircuitBreakerOpen") ? failed.getMessage() : null;
            }
            assertTrue(opened != null, "the breaker opened within 10 failing calls (30 tries at most)");
            int reached = relay.requestsTo(statusPath);
            assertTrue(reached <= 10, "at most its window of 10 tries reached Peach before it opened: " + reached);
            for (int call = 0; call < 3; call++) {
                assertThrows(PeachClient.ProviderUnavailable.class, () -> peach.status(checkout.checkoutId()));
            }
            assertEquals(reached, relay.requestsTo(statusPath), "an open breaker answers without calling Peach");
        } finally {
            relay.failNext(statusPath, 0);
        }
        Await.until("the breaker to let calls through again and close", Duration.ofSeconds(20), () -> {
            try {
                return peach.status(checkout.checkoutId()).amount() == 1800 && peach.status(checkout.checkoutId()).amount() == 1800;
            } catch (PeachClient.ProviderUnavailable stillOpen) {
                return false;
            }
        });
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.lines().anyMatch(line -> line.startsWith("ft_circuitbreaker_opened_total")
                && isPeachStatus(line) && !line.endsWith(" 0.0")), "the opening is counted");
        assertTrue(metrics.lines().anyMatch(line -> line.startsWith("ft_retry_retries_total")
                && isPeachStatus(line) && !line.endsWith(" 0.0")), "so are the retries");
        assertTrue(metrics.lines().anyMatch(line -> line.startsWith("http_client_requests_seconds_count")
                && line.contains("clientName=\"peach\"") && line.contains("status=\"503\"")), "and each call, by status");
    }

    /** Fault tolerance's metrics name the REST client's generated class ({@code PeachApi$$CDIWrapper.status}). */
    private static boolean isPeachStatus(String line) {
        return line.contains("io.moolah.payment.peach.PeachApi") && line.contains(".status\"");
    }

    @Test
    void aHoldWhoseAnswerWasLostIsAskedForAgainWithTheSameKeyAndHeldOnce() {
        LedgerStandIn ledger = CounterpartsResource.ledger();
        UUID paymentId = UUID.randomUUID();
        UUID walletId = UUID.randomUUID();
        ledger.loseHoldAnswers(1);
        LedgerHolds.Outcome outcome = holds.place(paymentId, walletId, 700, "ZAR");
        assertTrue(outcome.placed(), "the retry got the hold: " + outcome);
        List<LedgerStandIn.HoldRequest> asked = ledger.holdsAskedFor(walletId);
        assertEquals(2, asked.size(), "asked twice");
        assertEquals(asked.get(0).idempotencyKey(), asked.get(1).idempotencyKey(), "with one key, so one hold");
    }

    /** A merchantTransactionId as the top-ups make them: 16 hex characters. */
    private static String reference() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** A '?' or '~' as the third byte of a group of three is what gives a base64 '/' or '+' (3 paddings try each place). */
    @Test
    void aCodeWhoseBase64HasSlashesAndPlusesReachesZapperWhole() {
        String code = Stream.of("", "A", "AB")
                .map(padding -> ZapperSimulator.qrCode("817", "463", "10.00", padding + "Shop?ab~ 1"))
                .filter(candidate -> {
                    String base64 = Base64.getEncoder().encodeToString(candidate.getBytes(StandardCharsets.UTF_8));
                    return base64.contains("/") && base64.contains("+");
                })
                .findFirst().orElseThrow();
        ZapperClient.Merchant merchant = zapper.decode(code);
        assertEquals("817", merchant.merchantReference());
        assertTrue(code.contains(merchant.merchantName()), merchant.merchantName());
    }
}
