package io.moolah.transaction.messaging;

import io.moolah.events.EventEnvelope;
import io.moolah.events.Topics;
import io.moolah.events.account.AccountEventTypes;
import io.moolah.events.account.KycTierChanged;
import io.moolah.events.account.WalletOpened;
import io.moolah.events.account.WalletStatusChanged;
import io.moolah.outbox.TransactionalEventHandler;
import io.moolah.transaction.repository.LedgerRepository;
import io.moolah.transaction.repository.WalletProjection;
import io.moolah.transaction.shard.LedgerShards;
import io.moolah.transaction.shard.Shard;
import io.moolah.transaction.shard.ShardScope;
import io.moolah.transaction.shard.WalletDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Keeps the wallet projection current from account.events on every shard, and opens a ledger account for every new
 * wallet on the shard the directory assigns it. Each event is applied once per shard (each shard's processed-event
 * log) and in order per wallet (the record key); shard 0 first, whose projection is the directory's reference.
 */
@ApplicationScoped
public class AccountEventsConsumer extends TransactionalEventHandler {
    private static final Logger LOG = Logger.getLogger(AccountEventsConsumer.class);

    @Inject
    LedgerRepository ledger;

    @Inject
    WalletProjection projection;

    @Inject
    WalletDirectory directory;

    @Inject
    LedgerShards shards;

    @Override
    public String consumerName() {
        return "transaction-service.wallet-projection";
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.ACCOUNT_EVENTS);
    }

    /**
     * A poll's wallet events share one transaction per shard: they touch the projection's rows and open ledger accounts,
     * and lock no existing ledger account, so they cannot wait on a posting in the wrong order.
     */
    @Override
    public boolean handlesInBatches() {
        return true;
    }

    @Override
    protected void inEachDatabase(List<EventEnvelope> events, Runnable work) {
        for (Shard shard : shards.shards()) {
            ShardScope.run(shard, work);
        }
    }

    @Override
    protected void apply(EventEnvelope event) {
        switch (event.type()) {
            case AccountEventTypes.WALLET_OPENED -> opened(event.payloadAs(WalletOpened.class));
            case AccountEventTypes.WALLET_STATUS_CHANGED -> {
                WalletStatusChanged changed = event.payloadAs(WalletStatusChanged.class);
                if (!projection.statusChanged(changed)) {
                    LOG.warnf("status change for unknown wallet %s", changed.walletId());
                }
            }
            case AccountEventTypes.KYC_TIER_CHANGED -> {
                KycTierChanged changed = event.payloadAs(KycTierChanged.class);
                if (!projection.tierChanged(changed)) {
                    LOG.warnf("tier change for unknown wallet %s", changed.walletId());
                }
            }
            default -> {
                // Other account events carry nothing the ledger needs.
            }
        }
    }

    private void opened(WalletOpened opened) {
        int shard = directory.assign(opened.walletId(), opened.customerId());
        projection.opened(opened, shard);
        if (shard == shards.currentShard().number()) {
            ledger.openWalletAccount(opened.walletId(), opened.currency());
        }
    }
}
