-- Four eyes: reversals, and adjustments above moolah.ledger.adjustment-approval-above, wait here until a second
-- operator approves (the entry is posted then) or someone rejects them. Rows are never deleted.
create table approval (
    id              uuid        primary key,
    kind            text        not null check (kind in ('REVERSAL', 'ADJUSTMENT')),
    status          text        not null check (status in ('PENDING', 'APPROVED', 'REJECTED')),
    requested_by    uuid        not null,
    requested_at    timestamptz not null default now(),
    -- REVERSAL: the transaction to reverse; ADJUSTMENT: the wallet, amount and currency.
    transaction_id  uuid,
    wallet_id       uuid,
    amount          bigint,
    currency        char(3),
    reason          text        not null,
    decided_by      uuid,
    decided_at      timestamptz,
    decision_reason text,
    -- The entry posted on approval.
    entry_id        uuid        references journal_entry (id)
);
create index approval_pending on approval (requested_at) where status = 'PENDING';
