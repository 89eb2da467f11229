package io.moolah.transaction.model;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Money booked but not settled as it should have been, set aside for an operator (table {@code ledger_exception}). */
@Schema(name = "LedgerException", requiredProperties = {"id", "kind", "reference", "amount", "currency", "transactionId",
        "detail", "status", "createdAt"})
public record LedgerException(UUID id, @Schema(enumeration = "LATE_CAPTURE") String kind, String reference, UUID walletId,
                              UUID holdId, @Schema(description = "Minor units (cents).") long amount, String currency,
                              UUID transactionId, String detail, @Schema(enumeration = {"OPEN", "RESOLVED"}) String status,
                              Instant createdAt, Instant resolvedAt, UUID resolvedBy, String resolution) {
}
