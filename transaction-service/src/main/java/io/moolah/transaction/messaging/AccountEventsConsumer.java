package io.moolah.transaction.messaging;

import io.moolah.events.EventEnvelope;
import io.moolah.events.Topics;
import io.moolah.events.account.AccountEventTypes;
import io.moolah.events.account.KycTierChanged;
import io.moolah.events.account.WalletOpened;
import io.moolah.events.account.WalletStatusChanged;
import io.moolah.outbox.TransactionalEventHandler;
import io.moolah.transaction.model.Wallet;
import io.moolah.transaction.repository.LedgerRepository;
import io.moolah.transaction.repository.WalletRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;

/**
 * Keeps the wallet projection current from account.events, and opens a ledger account for every new wallet. Each
 * event is applied once (processed-event log) and in order per wallet (the record key).
 */
@ApplicationScoped
public class AccountEventsConsumer extends TransactionalEventHandler {
    private static final Logger LOG = Logger.getLogger(AccountEventsConsumer.class);

    @Inject
    LedgerRepository ledger;

    @Inject
    WalletRepository wallets;


    @Override
    public String consumerName() {
        return "transaction-service.wallet-projection";
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.ACCOUNT_EVENTS);
    }

    /**
     * A poll's wallet events share one transaction: they touch the projection's rows and open ledger accounts, and lock
     * no existing ledger account, so they cannot wait on a posting in the wrong order.
     */
    @Override
    public boolean handlesInBatches() {
        return true;
    }

    @Override
    protected void apply(EventEnvelope event) {
        switch (event.type()) {
            case AccountEventTypes.WALLET_OPENED -> opened(event.payloadAs(WalletOpened.class));
            case AccountEventTypes.WALLET_STATUS_CHANGED -> statusChanged(event.payloadAs(WalletStatusChanged.class));
            case AccountEventTypes.KYC_TIER_CHANGED -> tierChanged(event.payloadAs(KycTierChanged.class));
            default -> {
                // Other account events carry nothing the ledger needs.
            }
        }
    }

    private void opened(WalletOpened opened) {
        if (wallets.findByIdOptional(opened.walletId()).isPresent()) {
            return;
        }
        Wallet wallet = new Wallet();
        wallet.walletId = opened.walletId();
        wallet.customerId = opened.customerId();
        wallet.phoneNumber = opened.phoneNumber();
        wallet.currency = opened.currency();
        wallet.status = opened.status();
        wallet.kycTier = (short) opened.kycTier();
        wallet.dailySendLimit = opened.limits().dailySend();
        wallet.monthlySendLimit = opened.limits().monthlySend();
        wallet.maxBalance = opened.limits().maxBalance();
        wallet.updatedAt = Instant.now();
        wallets.persist(wallet);
        ledger.openWalletAccount(opened.walletId(), opened.currency());
    }

    private void statusChanged(WalletStatusChanged changed) {
        wallets.findByIdOptional(changed.walletId()).ifPresentOrElse(wallet -> {
            wallet.status = changed.status();
            wallet.updatedAt = Instant.now();
        }, () -> LOG.warnf("status change for unknown wallet %s", changed.walletId()));
    }

    private void tierChanged(KycTierChanged changed) {
        wallets.findByIdOptional(changed.walletId()).ifPresentOrElse(wallet -> {
            wallet.kycTier = (short) changed.kycTier();
            wallet.dailySendLimit = changed.limits().dailySend();
            wallet.monthlySendLimit = changed.limits().monthlySend();
            wallet.maxBalance = changed.limits().maxBalance();
            wallet.updatedAt = Instant.now();
        }, () -> LOG.warnf("tier change for unknown wallet %s", changed.walletId()));
    }
}
