package io.moolah.transaction.event;

import java.util.UUID;

/**
 * The ledger's own events between its shards (docs/sharding.md, "Transfers"), on {@link #TOPIC}, keyed by transfer id.
 * Only the transaction-service reads them: they carry a cross-shard transfer from the sender's shard to the
 * receiver's, and the receiver's outcome back.
 */
public final class CrossShardEvents {
    public static final String TOPIC = "ledger.transfers";
    public static final String SENT = "CrossShardTransferSent";
    public static final String RECEIVED = "CrossShardTransferReceived";
    public static final String REFUSED = "CrossShardTransferRefused";

    private CrossShardEvents() {
    }

    /**
     * The sender's shard debited the sender and credited its clearing account for {@code toShard}. {@code reverses}
     * names the cross-shard transfer this movement reverses (an operator's reversal, sent back from the recipient's
     * shard), or is null for a customer's transfer.
     */
    public record Sent(UUID transferId, int fromShard, int toShard, UUID fromWalletId, UUID toWalletId, long amount,
                       String currency, String reference, UUID initiatedBy, UUID reverses) {
    }

    /** The receiver's shard's outcome: RECEIVED (the recipient credited) or REFUSED (with the reason's problem code). */
    public record Outcome(UUID transferId, int fromShard, int toShard, String outcome, String reason) {
    }
}
