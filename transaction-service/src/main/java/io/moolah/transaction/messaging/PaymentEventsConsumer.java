package io.moolah.transaction.messaging;

import io.moolah.events.EventEnvelope;
import io.moolah.events.Topics;
import io.moolah.events.payment.PaymentEventTypes;
import io.moolah.events.payment.QrPaymentFailed;
import io.moolah.events.payment.QrPaymentSucceeded;
import io.moolah.events.payment.RefundFailed;
import io.moolah.events.payment.RefundSucceeded;
import io.moolah.events.payment.TopUpSucceeded;
import io.moolah.events.transaction.TransactionEventTypes;
import io.moolah.outbox.TransactionalEventHandler;
import io.moolah.transaction.event.TransactionEvents;
import io.moolah.transaction.model.LedgerAccount;
import io.moolah.transaction.model.WalletView;
import io.moolah.transaction.repository.LedgerRepository;
import io.moolah.transaction.service.LedgerService;
import io.moolah.transaction.service.PaymentHolds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.moolah.transaction.shard.ShardScope;
import io.moolah.transaction.shard.WalletDirectory;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Credits successful top-ups from the provider's clearing account, exactly once per payment: the processed-event log
 * drops redeliveries, and the entry's unique external reference ({@code payment:<id>}) drops a second event for the
 * same payment. Money for a wallet that cannot receive (frozen, closed, unknown, or over its maximum balance) has
 * already left the customer's card, so it goes to treasury suspense for an operator instead of being refused.
 */
@ApplicationScoped
public class PaymentEventsConsumer extends TransactionalEventHandler {
    private static final Logger LOG = Logger.getLogger(PaymentEventsConsumer.class);

    @Inject
    LedgerRepository ledger;

    @Inject
    LedgerService postings;

    @Inject
    TransactionEvents events;


    @Inject
    PaymentHolds holds;

    @Override
    public String consumerName() {
        return "transaction-service.top-ups";
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.PAYMENT_EVENTS);
    }

    @Inject
    WalletDirectory directory;

    /** Each payment event on the shard of the wallet it concerns (every payment event names its wallet). */
    @Override
    protected void inEachDatabase(List<EventEnvelope> events, Runnable work) {
        UUID walletId = walletOf(events.get(0));
        ShardScope.run(directory.shardOf(walletId), work);
    }

    private static UUID walletOf(EventEnvelope event) {
        try {
            Object id = event.payloadAs(java.util.Map.class).get("walletId");
            return id == null ? null : UUID.fromString(id.toString());
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    protected void apply(EventEnvelope event) {
        if (PaymentEventTypes.QR_PAYMENT_SUCCEEDED.equals(event.type())) {
            QrPaymentSucceeded paid = event.payloadAs(QrPaymentSucceeded.class);
            holds.capture(new PaymentHolds.Capture(paid.holdReference(), paid.walletId(), paid.amount(), paid.currency(),
                    null, "zapper"));
            return;
        }
        if (PaymentEventTypes.QR_PAYMENT_FAILED.equals(event.type())) {
            holds.voidFor(event.payloadAs(QrPaymentFailed.class).holdReference());
            return;
        }
        if (PaymentEventTypes.REFUND_SUCCEEDED.equals(event.type())) {
            RefundSucceeded refund = event.payloadAs(RefundSucceeded.class);
            holds.capture(new PaymentHolds.Capture(refund.holdReference(), refund.walletId(), refund.amount(), refund.currency(),
                    "clearing:" + refund.provider() + ":" + refund.currency(), "refund"));
            return;
        }
        if (PaymentEventTypes.REFUND_FAILED.equals(event.type())) {
            holds.voidFor(event.payloadAs(RefundFailed.class).holdReference());
            return;
        }
        if (!PaymentEventTypes.TOP_UP_SUCCEEDED.equals(event.type())) {
            return;
        }
        TopUpSucceeded topUp = event.payloadAs(TopUpSucceeded.class);
        String externalRef = "payment:" + topUp.paymentId();
        if (ledger.hasEntryFor(externalRef)) {
            return;
        }
        long clearing = ledger.systemAccount("clearing:" + topUp.provider() + ":" + topUp.currency());
        Optional<WalletView> wallet = ledger.wallet(topUp.walletId())
                .filter(w -> w.isActive() && w.currency().equals(topUp.currency()));
        boolean credited = wallet.isPresent() && ledger.account(wallet.get().accountId()).orElseThrow().balance()
                + topUp.amount() <= wallet.get().maxBalance();
        long receiver = credited ? wallet.get().accountId() : ledger.systemAccount("treasury-suspense:" + topUp.currency());
        String reference = "top-up " + topUp.providerReference();
        LedgerService.Entry entry = credited
                ? LedgerService.Entry.topUp(topUp.currency(), clearing, receiver, topUp.amount(), reference, externalRef)
                : LedgerService.Entry.topUpSuspended(topUp.currency(), clearing, receiver, topUp.amount(), reference, externalRef);
        LedgerService.Posted posted = postings.post(entry, LedgerService.Rules.NONE);
        if (credited) {
            LedgerAccount after = posted.account(receiver);
            events.walletChanged(TransactionEventTypes.TRANSFER_POSTED, posted.entryId(), "TOPUP", after, topUp.amount(),
                    topUp.provider().toLowerCase(), "top-up", null, posted.at());
        } else {
            LOG.warnf("top-up %s for wallet %s held in treasury suspense: the wallet cannot receive it",
                    topUp.paymentId(), topUp.walletId());
        }
    }
}
