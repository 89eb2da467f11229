package io.moolah.events.payment;

import java.util.UUID;

/** A top-up that will not bring money: declined, abandoned or refused by the provider. Nothing to post. */
public record TopUpFailed(UUID paymentId, UUID walletId, long amount, String currency, String provider, String reason) {
}
