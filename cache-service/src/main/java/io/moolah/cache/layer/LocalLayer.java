package io.moolah.cache.layer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.moolah.cache.config.CacheSettings;
import io.moolah.cache.model.BalanceSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.UUID;

/**
 * L1: balances and first pages of history in this process (Caffeine, bounded in size and age). Only ever replaced by
 * a newer version; evictions are counted ({@code cache.evictions{cache=...}}).
 */
@ApplicationScoped
public class LocalLayer {

    /** A first page of history as the ledger answered it, valid for every balance version up to {@code version}. */
    public record Page(long version, String body) {
    }

    private final Cache<UUID, BalanceSnapshot> balances;
    private final Cache<UUID, Page> pages;

    @Inject
    public LocalLayer(CacheSettings settings, MeterRegistry registry) {
        balances = Caffeine.newBuilder().maximumSize(settings.l1MaxSize()).expireAfterWrite(settings.l1Ttl()).recordStats().build();
        pages = Caffeine.newBuilder().maximumSize(settings.l1MaxSize()).expireAfterWrite(settings.l1Ttl()).recordStats().build();
        CaffeineCacheMetrics.monitor(registry, balances, "l1-balances");
        CaffeineCacheMetrics.monitor(registry, pages, "l1-history");
    }

    public BalanceSnapshot balance(UUID walletId) {
        return balances.getIfPresent(walletId);
    }

    /** Keeps {@code snapshot} unless a newer one is already here. */
    public void offer(BalanceSnapshot snapshot) {
        balances.asMap().merge(snapshot.walletId(), snapshot, (old, fresh) -> fresh.isNewerThan(old) ? fresh : old);
    }

    /**
     * An event moved the wallet to {@code snapshot}: refresh the balance if this replica holds it (wallets it never
     * served are not pulled in), and drop a first page that is now out of date.
     */
    public void refresh(BalanceSnapshot snapshot) {
        balances.asMap().computeIfPresent(snapshot.walletId(), (id, old) -> snapshot.isNewerThan(old) ? snapshot : old);
        pages.asMap().computeIfPresent(snapshot.walletId(), (id, page) -> page.version() >= snapshot.version() ? page : null);
    }

    public Page page(UUID walletId) {
        return pages.getIfPresent(walletId);
    }

    public void offerPage(UUID walletId, Page page) {
        pages.asMap().merge(walletId, page, (old, fresh) -> fresh.version() > old.version() ? fresh : old);
    }
}
