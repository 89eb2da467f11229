package io.moolah.account.service;

import io.moolah.events.account.Limits;

import java.util.List;
import java.util.UUID;

/** GET /me. */
public record Profile(UUID customerId, String phoneNumber, String fullName, int kycTier, Limits limits,
                      List<WalletSummary> wallets) {
    public record WalletSummary(UUID walletId, String currency, String status) {
    }
}
