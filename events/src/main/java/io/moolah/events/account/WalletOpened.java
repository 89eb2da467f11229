package io.moolah.events.account;

import java.util.UUID;

/** Everything the ledger needs to accept money for, and enforce the rules on, a new wallet without calling back. */
public record WalletOpened(UUID walletId, UUID customerId, String phoneNumber, String currency, String status,
                           int kycTier, Limits limits) {
}
