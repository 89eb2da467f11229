package io.moolah.transaction.shard;

import io.moolah.transaction.config.LedgerSettings;
import io.moolah.transaction.repository.Sql;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which shard holds a wallet's money (docs/sharding.md, "The directory"). A new wallet is assigned by the hash of its
 * customer id over the shards open for new customers, so a customer's wallets live together; the assignment is recorded
 * in the wallet projection of every shard and never recomputed. Shard 0's projection is the reference: an assignment
 * already recorded there wins over the hash (a replica with another {@code open-for-new} list agrees with it). Lookups
 * are kept in memory; a wallet moves only by the operator procedure, which forgets it here.
 */
@ApplicationScoped
public class WalletDirectory {
    /** Enough for every wallet of a large deployment several times over; cleared whole when reached. */
    private static final int MAX_REMEMBERED = 2_000_000;

    @Inject
    LedgerShards shards;

    @Inject
    LedgerSettings settings;

    private final Map<UUID, Integer> byWallet = new ConcurrentHashMap<>();
    private final Map<UUID, Integer> byCustomer = new ConcurrentHashMap<>();
    private volatile long generation = Long.MIN_VALUE;

    /** The shard of a wallet; shard 0 for a wallet not (yet) known, where it is then not found either. */
    public Shard shardOf(UUID walletId) {
        return shards.shard(numberOf(walletId).orElse(0));
    }

    /** The shard number of a known wallet. */
    public Optional<Integer> numberOf(UUID walletId) {
        if (walletId == null) {
            return Optional.empty();
        }
        Integer known = byWallet.get(walletId);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Integer> found = recordedShard("wallet_id", walletId);
        found.ifPresent(shard -> remember(byWallet, walletId, shard));
        return found;
    }

    /** The shard of a customer's wallets; shard 0 for a customer with none known. */
    public Shard shardOfCustomer(UUID customerId) {
        Integer known = byCustomer.get(customerId);
        if (known != null) {
            return shards.shard(known);
        }
        Optional<Integer> found = recordedShard("customer_id", customerId);
        found.ifPresent(shard -> remember(byCustomer, customerId, shard));
        return shards.shard(found.orElse(0));
    }

    /**
     * The shard a newly opened wallet goes to: where shard 0's projection already put it (a redelivered event, an
     * earlier step of this one), else where the customer's other wallets are, else by the hash of the customer id.
     */
    public int assign(UUID walletId, UUID customerId) {
        Optional<Integer> recorded = recordedShard("wallet_id", walletId);
        if (recorded.isPresent()) {
            return recorded.get();
        }
        Optional<Integer> customers = recordedShard("customer_id", customerId);
        if (customers.isPresent()) {
            return customers.get();
        }
        List<Integer> open = openForNew();
        return open.get(hashIndex(customerId, open.size()));
    }

    /** Forgets what is remembered of a wallet (after it moved). */
    public void forget(UUID walletId) {
        byWallet.remove(walletId);
        byCustomer.clear();
    }

    /**
     * Every move moves shard 0's directory generation on ({@code WalletMoves}); a replica that sees it change forgets
     * everything it remembers, so within this interval no replica routes a moved wallet to its old shard (where its
     * account is detached: a request that still went there finds no wallet, and nothing lands there).
     */
    @Scheduled(every = "${moolah.ledger.directory-check-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetMovedWallets() {
        long now;
        try (Connection connection = shards.directoryPool().getConnection();
             PreparedStatement query = connection.prepareStatement("select generation from directory_generation where id = 1");
             ResultSet row = query.executeQuery()) {
            if (!row.next()) {
                return;
            }
            now = row.getLong(1);
        } catch (SQLException e) {
            return; // shard 0 unreachable for a moment: asked again at the next interval
        }
        if (generation != Long.MIN_VALUE && now != generation) {
            byWallet.clear();
            byCustomer.clear();
        }
        generation = now;
    }

    /**
     * What shard 0's projection records for a wallet or a customer, read outside any transaction (committed rows only)
     * through {@link LedgerShards#directoryPool()}, so it may be asked from inside a transaction on any shard.
     */
    private Optional<Integer> recordedShard(String column, UUID id) {
        try (Connection connection = shards.directoryPool().getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "select shard from wallet where " + column + " = ? order by wallet_id limit 1")) {
            query.setObject(1, id);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of((int) row.getShort(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new Sql.DataAccessException(e);
        }
    }

    private List<Integer> openForNew() {
        List<Integer> open = settings.shards().openForNew().orElse(null);
        if (open == null || open.isEmpty()) {
            return java.util.stream.IntStream.range(0, shards.count()).boxed().toList();
        }
        for (int shard : open) {
            if (shard < 0 || shard >= shards.count()) {
                throw new IllegalStateException("moolah.ledger.shards.open-for-new names shard " + shard + ", but there are "
                        + shards.count());
            }
        }
        return open;
    }

    /** Which of {@code choices} shards open for new customers a customer's wallets go to. */
    public static int hashIndex(UUID customerId, int choices) {
        return Math.floorMod(mix(customerId), choices);
    }

    /** A hash of the customer id that is the same in every JVM and spreads random UUIDs evenly. */
    static int mix(UUID customerId) {
        long h = customerId.getMostSignificantBits() ^ Long.rotateLeft(customerId.getLeastSignificantBits(), 29);
        h *= 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private static void remember(Map<UUID, Integer> map, UUID key, int shard) {
        if (map.size() >= MAX_REMEMBERED) {
            map.clear();
        }
        map.put(key, shard);
    }
}
