package io.moolah.cache.model;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** A wallet's balance as API.md shapes it; {@code version} rises with every change, so newer always wins. */
@Schema(name = "Balance", description = "A wallet's balance now.")
public record BalanceSnapshot(@Schema(required = true) UUID walletId,
                              @Schema(required = true, description = "ISO-4217, such as ZAR.") String currency,
                              @Schema(required = true, description = "Cents: the posted balance.") long ledgerBalance,
                              @Schema(required = true, description = "Cents on hold.") long heldAmount,
                              @Schema(required = true, description = "Cents that can be spent: ledgerBalance less heldAmount.")
                              long availableBalance,
                              @Schema(required = true, description = "The wallet's version, rising with every change.") long version,
                              @Schema(required = true, description = "When the ledger gave this balance.") Instant asOf) {

    public boolean isNewerThan(BalanceSnapshot other) {
        return other == null || version > other.version;
    }
}
