package io.moolah.events.account;

import java.util.UUID;

public record KycTierChanged(UUID walletId, UUID customerId, int previousTier, int kycTier, Limits limits) {
}
