package io.moolah.cache.service;

import io.moolah.cache.layer.Layer;
import io.moolah.cache.layer.LayerMetrics;
import io.moolah.cache.layer.LedgerLayer;
import io.moolah.cache.layer.LocalLayer;
import io.moolah.cache.layer.RedisLayer;
import io.moolah.cache.model.BalanceSnapshot;
import io.moolah.platform.security.Caller;
import io.moolah.platform.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MultivaluedMap;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The balance read path: L1, then L2, then L3; what a lower layer gives fills the layers above it. An answer is never
 * older than the caller's {@code minVersion} (read-your-writes): a cached one that is falls through to the ledger.
 * Concurrent misses for one wallet share one ledger call.
 */
@ApplicationScoped
public class BalanceReads {

    @Inject
    LocalLayer l1;

    @Inject
    RedisLayer l2;

    @Inject
    LedgerLayer l3;

    @Inject
    LayerMetrics metrics;

    private final ConcurrentMap<UUID, CompletableFuture<BalanceSnapshot>> inFlight = new ConcurrentHashMap<>();

    public BalanceSnapshot balance(Caller caller, UUID walletId, long minVersion, String authorization, String requestId) {
        requireVisible(caller, walletId);
        BalanceSnapshot local = metrics.lookUp(Layer.L1, () -> l1.balance(walletId), found -> found.version() >= minVersion);
        if (local != null) {
            return local;
        }
        BalanceSnapshot shared = metrics.lookUp(Layer.L2, () -> l2.balance(walletId), found -> found.version() >= minVersion);
        if (shared != null) {
            l1.offer(shared);
            return shared;
        }
        BalanceSnapshot authoritative = metrics.lookUp(Layer.L3, () -> fromLedger(walletId, minVersion, authorization, requestId),
                found -> true);
        if (authoritative.version() < minVersion) {
            // The shared call started before the caller's write committed, or for a caller with a lower Min-Version:
            // ask again, alone.
            authoritative = l3.balance(walletId, minVersion, authorization, requestId);
        }
        if (authoritative.version() < minVersion) {
            // The ledger answers from its primary when its replicas are below Min-Version: the wallet has never had
            // that version. An older answer would break the promise that nothing older than Min-Version is given.
            throw new ProblemException(412, "MIN_VERSION_NOT_REACHED", "Precondition failed",
                    "The wallet is at version " + authoritative.version() + ", not yet at " + minVersion + ".");
        }
        l2.offer(authoritative);
        l1.offer(authoritative);
        return authoritative;
    }

    /**
     * The balance in this instance's memory (L1) if it is usable for {@code caller} at {@code minVersion}, else null:
     * never blocks, never throws, so an event-loop thread may ask. Anything else (a miss, someone else's wallet) is
     * left to {@link #balance}, which answers it fully.
     */
    public BalanceSnapshot inMemory(Caller caller, UUID walletId, long minVersion) {
        if (!caller.isOperator() && !caller.owns(walletId)) {
            return null;
        }
        return metrics.lookUpCountingHits(Layer.L1, () -> l1.balance(walletId), found -> found.version() >= minVersion);
    }

    /** The balance the cache knows for {@code walletId} (L1, else L2), without asking the ledger; null if none. */
    public BalanceSnapshot known(UUID walletId) {
        BalanceSnapshot local = l1.balance(walletId);
        return local != null ? local : l2.balance(walletId);
    }

    /** GET /balance?at=...: a balance in the past, asked of the ledger (L3) each time as the caller, with the query as sent. */
    public LedgerLayer.Reply balanceAt(Caller caller, UUID walletId, MultivaluedMap<String, String> query, String authorization,
                                       String requestId) {
        requireVisible(caller, walletId);
        return l3.balance(walletId, query, authorization, requestId);
    }

    /** A customer reads only the wallets in their token; an operator any. Someone else's wallet is 404, like none. */
    public static void requireVisible(Caller caller, UUID walletId) {
        if (!caller.isOperator() && !caller.owns(walletId)) {
            throw ProblemException.notFound("WALLET_NOT_FOUND", "No such wallet.");
        }
    }

    private BalanceSnapshot fromLedger(UUID walletId, long minVersion, String authorization, String requestId) {
        CompletableFuture<BalanceSnapshot> mine = new CompletableFuture<>();
        CompletableFuture<BalanceSnapshot> shared = inFlight.putIfAbsent(walletId, mine);
        if (shared != null) {
            try {
                return shared.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
            }
        }
        try {
            BalanceSnapshot snapshot = l3.balance(walletId, minVersion, authorization, requestId);
            mine.complete(snapshot);
            return snapshot;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(walletId, mine);
        }
    }
}
