package io.moolah.events.payment;

import java.util.UUID;

/**
 * Zapper paid the merchant: the ledger captures the wallet's hold {@code holdReference} into Zapper's clearing account.
 *
 * @param holdReference the reference the hold was placed with ("qr:" + paymentId)
 */
public record QrPaymentSucceeded(UUID paymentId, UUID walletId, long amount, String currency, String holdReference,
                                 String providerReference, String merchantName) {
}
