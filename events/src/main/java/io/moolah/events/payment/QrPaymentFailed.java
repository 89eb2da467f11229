package io.moolah.events.payment;

import java.util.UUID;

/** The merchant was not paid: the ledger voids the wallet's hold {@code holdReference}, if one was placed. */
public record QrPaymentFailed(UUID paymentId, UUID walletId, long amount, String currency, String holdReference,
                              String reason) {
}
