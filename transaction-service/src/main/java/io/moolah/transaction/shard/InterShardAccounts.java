package io.moolah.transaction.shard;

import io.moolah.transaction.config.LedgerSettings;
import io.moolah.transaction.repository.LedgerRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Opens, at start, every shard's clearing account for every other shard and currency, before any transfer runs: a
 * transfer then only looks them up (and locks them with its wallets, in one ordered statement).
 */
@ApplicationScoped
public class InterShardAccounts {

    @Inject
    LedgerShards shards;

    @Inject
    LedgerRepository ledger;

    @Inject
    LedgerSettings settings;

    void open(@Observes @Priority(1) StartupEvent event) {
        for (Shard shard : shards.shards()) {
            ShardScope.run(shard, () -> QuarkusTransaction.requiringNew().run(() -> {
                for (Shard other : shards.shards()) {
                    if (other.number() != shard.number()) {
                        settings.currencies().forEach(currency -> ledger.openInterShardAccount(other.number(), currency));
                    }
                }
            }));
        }
    }
}
