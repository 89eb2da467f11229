package io.moolah.transaction.service;

import io.moolah.platform.tracing.TraceParents;
import io.moolah.transaction.repository.LedgerRepository.PhoneKey;

import java.util.UUID;

/**
 * A transfer request as validated on the caller's thread (its body's form and the key), waiting for the batching writer:
 * everything the ledger must still decide (the wallets, their state, the balances and limits) is decided in the batch.
 *
 * @param toWalletId the recipient by id, or null when named by phone number
 * @param toPhone     the recipient by phone number (normalised), or null when named by id
 * @param traceParent the request's trace, taken on the caller's thread: the batch's events carry it to Kafka
 */
public record TransferOrder(UUID customerId, Idempotency.Claim claim, UUID fromWalletId, UUID toWalletId, PhoneKey toPhone,
                            long amount, String currency, String reference, String traceParent) {

    /** An order of the current trace. */
    public TransferOrder(UUID customerId, Idempotency.Claim claim, UUID fromWalletId, UUID toWalletId, PhoneKey toPhone,
                         long amount, String currency, String reference) {
        this(customerId, claim, fromWalletId, toWalletId, toPhone, amount, currency, reference, TraceParents.current());
    }
}
