package io.moolah.events.payment;

import java.util.UUID;

/** The provider refused a refund: the ledger voids the refund's hold, and the wallet keeps its money. */
public record RefundFailed(UUID paymentId, UUID walletId, long amount, String currency, String holdReference, String reason) {
}
