package io.moolah.transaction.model;

/** What a journal entry is; stored by name in {@code journal_entry.type} and shown in history. */
public enum EntryType {
    /** Customer to customer. */
    TRANSFER,
    /** A provider's payment credited to the wallet. */
    TOPUP,
    /** A provider's payment the wallet could not take (not active, over its maximum balance), parked in suspense. */
    TOPUP_SUSPENDED,
    /** A hold's captured part paid to its payee, the rest released. */
    HOLD_CAPTURE,
    /** A provider paid after its hold was gone: from suspense to the payee, for an operator to resolve. */
    LATE_CAPTURE,
    /** An operator's correction against suspense. */
    ADJUSTMENT,
    /** Every posting of an earlier entry negated. */
    REVERSAL,
    /** A wallet's balance leaving its old ledger shard, or arriving on its new one (an operator's move; not shown in history). */
    MIGRATION
}
