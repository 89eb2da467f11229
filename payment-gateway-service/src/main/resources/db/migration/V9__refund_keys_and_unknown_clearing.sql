-- A refund's Idempotency-Key (one key, one refunded payment: the same key for another payment is refused) and when the
-- refund was started (a PENDING refund older than its calls can take was left unsettled, not in flight).
alter table payment
    add column refund_idempotency_key text,
    add column refund_requested_at    timestamptz;
create unique index payment_refund_idempotency_key on payment (refund_idempotency_key) where refund_idempotency_key is not null;

-- Clearing entries in the ledger that name no payment of ours (UNKNOWN_IN_LEDGER lines): counted with the run.
alter table reconciliation_run
    add column unknown_in_ledger integer not null default 0;
