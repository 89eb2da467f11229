package io.moolah.cache.model;

import java.time.Instant;
import java.util.UUID;

/** A wallet's balance as API.md shapes it; {@code version} rises with every change, so newer always wins. */
public record BalanceSnapshot(UUID walletId, String currency, long ledgerBalance, long heldAmount, long availableBalance,
                              long version, Instant asOf) {

    public boolean isNewerThan(BalanceSnapshot other) {
        return other == null || version > other.version;
    }
}
