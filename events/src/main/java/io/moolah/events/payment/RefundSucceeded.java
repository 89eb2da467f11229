package io.moolah.events.payment;

import java.util.UUID;

/**
 * The provider refunded a top-up to the card: the ledger captures the refund's hold on the wallet ({@code holdReference})
 * into that provider's clearing account, so the money leaves the wallet exactly once.
 */
public record RefundSucceeded(UUID paymentId, UUID walletId, long amount, String currency, String provider, String holdReference,
                              String refundReference) {
}
