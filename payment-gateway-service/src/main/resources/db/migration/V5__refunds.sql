-- Refunds of top-ups: one per payment, its state and the provider's id of it.
alter table payment
    add column refund_status    text check (refund_status in ('PENDING', 'SUCCEEDED', 'FAILED', 'UNKNOWN')),
    add column refund_reference text;
