package io.moolah.events.transaction;

/**
 * Event types on {@code transaction.events} (schema version 1). Every event is about one wallet (the record key) and
 * carries that wallet's balance after the change and its version, which increases with every change to the wallet.
 * A transfer between two wallets publishes one event for each.
 */
public final class TransactionEventTypes {
    /** A transfer, a top-up or a captured hold moved money; payload {@link WalletMovement}. */
    public static final String TRANSFER_POSTED = "TransferPosted";
    public static final String ADJUSTMENT_POSTED = "AdjustmentPosted";
    public static final String TRANSACTION_REVERSED = "TransactionReversed";
    /** Hold events; payload {@link WalletMovement} with the hold id and the held amount. */
    public static final String HOLD_PLACED = "HoldPlaced";
    public static final String HOLD_CAPTURED = "HoldCaptured";
    public static final String HOLD_VOIDED = "HoldVoided";
    public static final String HOLD_EXPIRED = "HoldExpired";
    public static final int VERSION = 1;

    private TransactionEventTypes() {
    }
}
