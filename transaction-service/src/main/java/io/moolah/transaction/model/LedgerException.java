package io.moolah.transaction.model;

import java.time.Instant;
import java.util.UUID;

/** Money booked but not settled as it should have been, set aside for an operator (table {@code ledger_exception}). */
public record LedgerException(UUID id, String kind, String reference, UUID walletId, UUID holdId, long amount, String currency,
                              UUID transactionId, String detail, String status, Instant createdAt, Instant resolvedAt,
                              UUID resolvedBy, String resolution) {
}
