package io.moolah.payment.messaging;

import io.moolah.events.EventEnvelope;
import io.moolah.events.Topics;
import io.moolah.events.account.AccountEventTypes;
import io.moolah.events.account.WalletOpened;
import io.moolah.events.account.WalletStatusChanged;
import io.moolah.outbox.TransactionalEventHandler;
import io.moolah.payment.model.Wallet;
import io.moolah.payment.repository.WalletRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Keeps each wallet's status from account.events, so a frozen or closed wallet is refused a payment here, before any
 * provider is asked. Each event is applied once (processed-event log) and in order per wallet (the record key).
 */
@ApplicationScoped
public class AccountEventsConsumer extends TransactionalEventHandler {

    @Inject
    WalletRepository wallets;

    @Override
    public String consumerName() {
        return "payment-gateway-service.wallet-status";
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.ACCOUNT_EVENTS);
    }

    @Override
    protected void apply(EventEnvelope event) {
        switch (event.type()) {
            case AccountEventTypes.WALLET_OPENED -> {
                WalletOpened opened = event.payloadAs(WalletOpened.class);
                record(opened.walletId(), opened.customerId(), opened.status());
            }
            case AccountEventTypes.WALLET_STATUS_CHANGED -> {
                WalletStatusChanged changed = event.payloadAs(WalletStatusChanged.class);
                record(changed.walletId(), changed.customerId(), changed.status());
            }
            default -> {
                // Other account events say nothing about whether a wallet may pay.
            }
        }
    }

    private void record(UUID walletId, UUID customerId, String status) {
        Wallet wallet = wallets.findById(walletId);
        boolean known = wallet != null;
        if (!known) {
            wallet = new Wallet();
            wallet.walletId = walletId;
        }
        wallet.customerId = customerId;
        wallet.status = status;
        wallet.updatedAt = Instant.now();
        if (!known) {
            wallets.persist(wallet);
        }
    }
}
