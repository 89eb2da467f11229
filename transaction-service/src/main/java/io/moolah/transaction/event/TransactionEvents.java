package io.moolah.transaction.event;

import io.moolah.events.Topics;
import io.moolah.events.transaction.TransactionEventTypes;
import io.moolah.events.transaction.WalletMovement;
import io.moolah.outbox.EventOutbox;
import io.moolah.platform.tracing.TraceParents;
import io.moolah.transaction.model.LedgerAccount;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The ledger's events: one per affected wallet, keyed by wallet id, written to the outbox in the caller's transaction. */
@ApplicationScoped
public class TransactionEvents {

    @Inject
    EventOutbox outbox;

    /** One wallet's side of a movement, and the trace of the request that made it. */
    public record Change(String eventType, UUID transactionId, String movementType, LedgerAccount wallet, long amount,
                         String counterparty, String reference, UUID holdId, Instant at, String traceParent) {

        /** A change made in the current trace. */
        public Change(String eventType, UUID transactionId, String movementType, LedgerAccount wallet, long amount,
                      String counterparty, String reference, UUID holdId, Instant at) {
            this(eventType, transactionId, movementType, wallet, amount, counterparty, reference, holdId, at, TraceParents.current());
        }
    }

    public void walletChanged(String eventType, UUID transactionId, String movementType, LedgerAccount wallet, long amount,
                              String counterparty, String reference, UUID holdId, Instant at) {
        walletsChanged(List.of(new Change(eventType, transactionId, movementType, wallet, amount, counterparty, reference,
                holdId, at)));
    }

    /** Several wallets' sides of one movement, written to the outbox in one statement. System accounts publish nothing. */
    public void walletsChanged(List<Change> changes) {
        List<EventOutbox.Outgoing> outgoing = changes.stream().filter(change -> change.wallet().isWallet()).map(change -> {
            LedgerAccount wallet = change.wallet();
            WalletMovement movement = new WalletMovement(change.transactionId(), change.movementType(), wallet.walletId(),
                    change.amount(), wallet.currency(), change.counterparty(), change.reference(), change.holdId(),
                    new WalletMovement.Balance(wallet.balance(), wallet.held(), wallet.available()), wallet.version(), change.at());
            return new EventOutbox.Outgoing(Topics.TRANSACTION_EVENTS, change.eventType(), TransactionEventTypes.VERSION,
                    wallet.walletId().toString(), movement, change.traceParent());
        }).toList();
        outbox.publishAll(outgoing);
    }
}
