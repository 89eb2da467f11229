package io.moolah.transaction.shard;

import io.moolah.platform.security.Caller;
import io.moolah.transaction.repository.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Where a request's unit of work runs (docs/sharding.md): on the shard of the wallet it names, of the customer who
 * asks (a customer's wallets are on one shard), or of the record it names (an entry, an approval), found by asking
 * each shard; listings of operators ask every shard. Anything that names nothing known runs on shard 0, where it is
 * then not found either, with the same answer as before sharding.
 */
@ApplicationScoped
public class ShardRouting {

    @Inject
    LedgerShards shards;

    @Inject
    WalletDirectory directory;

    @Inject
    Sql sql;

    /** The shard of the wallet named by {@code walletId} (text from a request; not a UUID: shard 0). */
    public Shard ofWallet(String walletId) {
        return directory.shardOf(uuid(walletId));
    }

    public Shard ofWallet(UUID walletId) {
        return directory.shardOf(walletId);
    }

    /** The shard of the caller's own wallets (shard 0 for an operator or a service). */
    public Shard ofCaller(Caller caller) {
        return caller.customerId() == null || caller.isOperator() ? shards.shard(0) : directory.shardOfCustomer(caller.customerId());
    }

    /** The shard whose {@code table} has the row with primary key {@code id} (text from a request); shard 0 if none. */
    public Shard holding(String table, String column, String id) {
        UUID key = uuid(id);
        if (key == null || shards.count() == 1) {
            return shards.shard(0);
        }
        for (Shard shard : shards.shards()) {
            boolean found = ShardScope.on(shard, () -> sql.one("select 1 from " + table + " where " + column + " = ?", row -> 1, key)
                    .isPresent());
            if (found) {
                return shard;
            }
        }
        return shards.shard(0);
    }

    /**
     * Where a transaction is reversed: for a transfer between shards, the recipient's (where the money now is, and
     * whose entry carries the transfer's id too); otherwise the shard that has the entry.
     */
    public Shard forReversal(String transactionId) {
        UUID key = uuid(transactionId);
        if (key != null && shards.count() > 1) {
            for (Shard shard : shards.shards()) {
                boolean received = ShardScope.on(shard, () -> sql.one(
                        "select 1 from cross_shard_receipt where transfer_id = ? and outcome = 'RECEIVED'", row -> 1, key).isPresent());
                if (received) {
                    return shard;
                }
            }
        }
        return holding("journal_entry", "id", transactionId);
    }

    /** Asks every shard and puts the answers together, shard 0's first. */
    public <T> List<T> fromEvery(Supplier<List<T>> listing) {
        List<T> all = new ArrayList<>();
        for (Shard shard : shards.shards()) {
            all.addAll(ShardScope.on(shard, listing));
        }
        return all;
    }

    private static UUID uuid(String text) {
        try {
            return text == null ? null : UUID.fromString(text.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
