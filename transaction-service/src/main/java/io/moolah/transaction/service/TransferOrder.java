package io.moolah.transaction.service;

import io.moolah.transaction.repository.LedgerRepository.PhoneKey;

import java.util.UUID;

/**
 * A transfer request as validated on the caller's thread (its body's form and the key), waiting for the batching writer:
 * everything the ledger must still decide (the wallets, their state, the balances and limits) is decided in the batch.
 *
 * @param toWalletId the recipient by id, or null when named by phone number
 * @param toPhone    the recipient by phone number (normalised), or null when named by id
 */
public record TransferOrder(UUID customerId, Idempotency.Claim claim, UUID fromWalletId, UUID toWalletId, PhoneKey toPhone,
                            long amount, String currency, String reference) {
}
