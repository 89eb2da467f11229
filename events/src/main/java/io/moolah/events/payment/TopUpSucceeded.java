package io.moolah.events.payment;

import java.util.UUID;

/** @param provider PEACH or ZAPPER: names the clearing account the money comes from */
public record TopUpSucceeded(UUID paymentId, UUID walletId, long amount, String currency, String provider,
                             String providerReference) {
}
