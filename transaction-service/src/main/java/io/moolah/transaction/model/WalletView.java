package io.moolah.transaction.model;

import java.util.UUID;

/** The ledger's projection of a wallet (from account.events), with its ledger account id. */
public record WalletView(UUID walletId, UUID customerId, String phoneNumber, String currency, WalletStatus status,
                         int kycTier, long dailySendLimit, long monthlySendLimit, long maxBalance, long accountId) {

    public boolean isActive() {
        return status == WalletStatus.ACTIVE;
    }
}
