package io.moolah.events.transaction;

import java.time.Instant;
import java.util.UUID;

/**
 * What changed on one wallet, and where it stands now.
 *
 * @param transactionId the journal entry (null for hold events that move no money: placed, voided, expired)
 * @param type          TRANSFER, TOPUP, HOLD_CAPTURE, ADJUSTMENT, REVERSAL, or HOLD for hold-only changes
 * @param amount        signed change of the ledger balance (credit positive), minor units; 0 for hold-only changes
 * @param counterparty  the other wallet id, or a system account's name
 * @param holdId        set on hold events
 * @param balance       the wallet's balance after the change
 * @param version       the wallet's version after the change; a consumer never lets an older version overwrite a newer one
 */
public record WalletMovement(UUID transactionId, String type, UUID walletId, long amount, String currency,
                             String counterparty, String reference, UUID holdId, Balance balance, long version,
                             Instant occurredAt) {

    public record Balance(long ledgerBalance, long heldAmount, long availableBalance) {
    }
}
