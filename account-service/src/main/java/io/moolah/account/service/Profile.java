package io.moolah.account.service;

import io.moolah.events.account.Limits;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.UUID;

/** GET /me. */
@Schema(name = "CustomerProfile",
        requiredProperties = {"customerId", "phoneNumber", "fullName", "kycTier", "limits", "wallets"})
public record Profile(UUID customerId,
                      @Schema(description = "E.164.") String phoneNumber,
                      String fullName,
                      @Schema(description = "0 to 3.") int kycTier,
                      @Schema(description = "The tier's limits, in minor units of the wallets' currency.") Limits limits,
                      List<WalletSummary> wallets) {
    @Schema(name = "WalletSummary", requiredProperties = {"walletId", "currency", "status"})
    public record WalletSummary(UUID walletId,
                                @Schema(description = "ISO 4217.", example = "ZAR") String currency,
                                @Schema(enumeration = {"ACTIVE", "FROZEN", "CLOSED"}) String status) {
    }
}
