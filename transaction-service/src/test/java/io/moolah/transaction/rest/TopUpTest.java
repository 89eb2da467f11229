package io.moolah.transaction.rest;

import io.moolah.events.EventEnvelope;
import io.moolah.events.EventJson;
import io.moolah.events.Topics;
import io.moolah.events.payment.PaymentEventTypes;
import io.moolah.events.payment.TopUpSucceeded;
import io.moolah.localstack.Await;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static io.moolah.transaction.rest.Ledger.balance;
import static io.moolah.transaction.rest.Ledger.count;
import static io.moolah.transaction.rest.Ledger.newCustomer;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Top-ups arrive as payment.events on the real broker, as the payment-gateway-service will publish them. */
@QuarkusTest
class TopUpTest {

    @Test
    void aTopUpCreditsTheWalletFromTheProvidersClearingAccountOncePerPayment() {
        var alice = newCustomer();
        long clearingBefore = clearing("PEACH");
        UUID paymentId = UUID.randomUUID();
        TopUpSucceeded topUp = new TopUpSucceeded(paymentId, alice.walletId(), 25_000, "ZAR", "PEACH", "8ac7a4a1-test");

        // The same payment reported twice (two events, as a provider retry would cause) and one event redelivered.
        EventEnvelope first = publish(topUp, topUp.paymentId(), null);
        publish(topUp, topUp.paymentId(), null);
        publish(topUp, topUp.paymentId(), first);
        // A later event on the same partition: once it is credited, the three before it have been handled.
        UUID sentinel = UUID.randomUUID();
        publish(new TopUpSucceeded(sentinel, alice.walletId(), 1, "ZAR", "PEACH", "sentinel"), topUp.paymentId(), null);
        Await.until("the events to be handled", Duration.ofSeconds(30),
                () -> count("select count(*) from journal_entry where external_ref = 'payment:" + sentinel + "'") == 1);

        assertEquals(25_001, balance(alice));
        assertEquals(clearingBefore - 25_001, clearing("PEACH"));

        assertEquals(1L, count("select count(*) from journal_entry where external_ref = 'payment:" + paymentId + "'"));
        assertEquals(1L, count("select count(*) from journal_entry where type = 'TOPUP' and external_ref = 'payment:" + paymentId + "'"));
    }

    @Test
    void aTopUpForAWalletThatCannotReceiveWaitsInTreasurySuspense() {
        var bob = newCustomer();
        Ledger.freeze(bob);
        long suspenseBefore = AdminTest.suspense();
        UUID paymentId = UUID.randomUUID();
        publish(new TopUpSucceeded(paymentId, bob.walletId(), 4_000, "ZAR", "ZAPPER", "zap-1"), paymentId, null);
        Await.until("the top-up to be booked", Duration.ofSeconds(30),
                () -> count("select count(*) from journal_entry where external_ref = 'payment:" + paymentId + "'") == 1);
        assertEquals(0, count("select balance from ledger_account where wallet_id = '" + bob.walletId() + "'"));
        assertEquals(suspenseBefore + 4_000, AdminTest.suspense());
        assertEquals(1L, count("select count(*) from journal_entry where type = 'TOPUP_SUSPENDED' and external_ref = 'payment:" + paymentId + "'"));
    }

    private static long clearing(String provider) {
        return count("select balance from ledger_account where account_key = 'clearing:" + provider + ":ZAR'");
    }

    /** Publishes a TopUpSucceeded under {@code key}; with {@code again} that very event is sent again (a redelivery). */
    private static EventEnvelope publish(TopUpSucceeded topUp, UUID key, EventEnvelope again) {
        EventEnvelope event = again != null ? again : EventJson.newEvent(PaymentEventTypes.TOP_UP_SUCCEEDED,
                PaymentEventTypes.VERSION, topUp.paymentId().toString(), "payment-gateway-service", topUp);
        Ledger.publish(Topics.PAYMENT_EVENTS, key.toString(), event);
        return event;
    }
}
