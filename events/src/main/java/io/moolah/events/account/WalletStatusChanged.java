package io.moolah.events.account;

import java.util.UUID;

/** {@code status} is ACTIVE, FROZEN or CLOSED; a frozen or closed wallet can neither send nor receive. */
public record WalletStatusChanged(UUID walletId, UUID customerId, String previousStatus, String status, String reason) {
}
