package io.moolah.cache.service;

import io.moolah.cache.layer.Layer;
import io.moolah.cache.layer.LayerMetrics;
import io.moolah.cache.layer.LedgerLayer;
import io.moolah.cache.layer.LocalLayer;
import io.moolah.cache.layer.RedisLayer;
import io.moolah.cache.model.BalanceSnapshot;
import io.moolah.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MultivaluedMap;

import java.util.UUID;

/**
 * Recent activity: the first page of a wallet's history (no query: the ledger's default page) is kept in L1 and L2
 * and answered from there while no newer balance version is known; any other page, filter or cursor is passed to the
 * ledger as it is. A page is tagged with a balance version read before it was fetched, so the tag never claims more
 * than the page shows.
 */
@ApplicationScoped
public class HistoryReads {

    @Inject
    BalanceReads balances;

    @Inject
    LocalLayer l1;

    @Inject
    RedisLayer l2;

    @Inject
    LedgerLayer l3;

    @Inject
    LayerMetrics metrics;

    public LedgerLayer.Reply transactions(Caller caller, UUID walletId, MultivaluedMap<String, String> query, long minVersion,
                                          String authorization, String requestId) {
        BalanceReads.requireVisible(caller, walletId);
        if (!query.isEmpty()) {
            return l3.transactions(walletId, query, minVersion, authorization, requestId);
        }
        BalanceSnapshot known = balances.known(walletId);
        long current = Math.max(known == null ? -1 : known.version(), minVersion);
        LocalLayer.Page local = metrics.lookUp(Layer.L1, () -> l1.page(walletId), found -> current >= 0 && found.version() >= current);
        if (local != null) {
            return new LedgerLayer.Reply(200, "application/json", local.body());
        }
        LocalLayer.Page shared = metrics.lookUp(Layer.L2, () -> l2.page(walletId), found -> current >= 0 && found.version() >= current);
        if (shared != null) {
            l1.offerPage(walletId, shared);
            return new LedgerLayer.Reply(200, "application/json", shared.body());
        }
        BalanceSnapshot before = balances.balance(caller, walletId, minVersion, authorization, requestId);
        // The page is kept as of the balance's version: the ledger reads it where the wallet has reached that version.
        LedgerLayer.Reply reply = l3.transactions(walletId, query, before.version(), authorization, requestId);
        if (reply.status() == 200) {
            LocalLayer.Page fetched = new LocalLayer.Page(before.version(), reply.body());
            l2.offerPage(walletId, fetched);
            l1.offerPage(walletId, fetched);
        }
        return reply;
    }
}
