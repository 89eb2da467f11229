package io.moolah.transaction.event;

import io.moolah.events.Topics;
import io.moolah.events.transaction.TransactionEventTypes;
import io.moolah.events.transaction.WalletMovement;
import io.moolah.outbox.EventOutbox;
import io.moolah.transaction.model.LedgerAccount;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.UUID;

/** The ledger's events: one per affected wallet, keyed by wallet id, written to the outbox in the caller's transaction. */
@ApplicationScoped
public class TransactionEvents {

    @Inject
    EventOutbox outbox;

    public void walletChanged(String eventType, UUID transactionId, String movementType, LedgerAccount wallet, long amount,
                              String counterparty, String reference, UUID holdId, Instant at) {
        if (!wallet.isWallet()) {
            return;
        }
        WalletMovement movement = new WalletMovement(transactionId, movementType, wallet.walletId(), amount,
                wallet.currency(), counterparty, reference, holdId,
                new WalletMovement.Balance(wallet.balance(), wallet.held(), wallet.available()), wallet.version(), at);
        outbox.publish(Topics.TRANSACTION_EVENTS, eventType, TransactionEventTypes.VERSION, wallet.walletId().toString(), movement);
    }
}
