package io.moolah.transaction.model;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An operator's reversal or adjustment waiting for, or decided by, a second operator (table {@code approval}). */
@Schema(name = "Approval", requiredProperties = {"approvalId", "kind", "status", "requestedBy", "requestedAt", "reason"})
public record Approval(UUID approvalId, @Schema(enumeration = {"REVERSAL", "ADJUSTMENT"}) String kind,
                       @Schema(enumeration = {"PENDING", "APPROVED", "REJECTED"}) String status, UUID requestedBy,
                       Instant requestedAt, @Schema(description = "The transaction to reverse (REVERSAL).") UUID transactionId,
                       @Schema(description = "The wallet to adjust (ADJUSTMENT).") UUID walletId,
                       @Schema(description = "Minor units (cents) (ADJUSTMENT).") Long amount, String currency, String reason,
                       UUID decidedBy, Instant decidedAt, String decisionReason,
                       @Schema(description = "The posted transaction (APPROVED).") UUID entryId) {
}
