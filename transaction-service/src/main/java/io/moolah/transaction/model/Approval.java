package io.moolah.transaction.model;

import java.time.Instant;
import java.util.UUID;

/** An operator's reversal or adjustment waiting for, or decided by, a second operator (table {@code approval}). */
public record Approval(UUID approvalId, String kind, String status, UUID requestedBy, Instant requestedAt, UUID transactionId,
                       UUID walletId, Long amount, String currency, String reason, UUID decidedBy, Instant decidedAt,
                       String decisionReason, UUID entryId) {
}
