package io.moolah.account.service;

import java.util.UUID;

public record Registration(UUID customerId, UUID walletId, String phoneNumber, int kycTier) {
}
