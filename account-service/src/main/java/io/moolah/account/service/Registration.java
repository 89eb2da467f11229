package io.moolah.account.service;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.UUID;

@Schema(name = "Registration", requiredProperties = {"customerId", "walletId", "phoneNumber", "kycTier"})
public record Registration(UUID customerId,
                           @Schema(description = "The customer's first wallet, ACTIVE.") UUID walletId,
                           @Schema(description = "E.164.") String phoneNumber,
                           @Schema(description = "0 at registration.") int kycTier) {
}
