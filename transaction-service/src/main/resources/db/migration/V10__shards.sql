-- Ledger shards (docs/sharding.md). Every shard keeps the projection of every wallet; `shard` says which one holds its
-- money (its ledger account, entries and holds). Wallets opened before sharding are on shard 0, where they are.
alter table wallet add column shard smallint not null default 0 check (shard >= 0);

-- One inter-shard clearing account per other shard and currency ('inter-shard:<n>:ZAR'), opened when first needed. A
-- cross-shard transfer credits it on the sender's shard and debits the receiver's own for the sender's shard: summed
-- over all shards they are the money in flight (the audit checks it). The receiver's entry is a TRANSFER with
-- external_ref 'xfer-in:<transfer id>' (once); money that comes back is a REVERSAL of the sending entry.
alter table ledger_account drop constraint ledger_account_kind_check;
alter table ledger_account add constraint ledger_account_kind_check
    check (kind in ('WALLET', 'PROVIDER_CLEARING', 'FEES', 'TREASURY_SUSPENSE', 'INTER_SHARD_CLEARING'));

-- A cross-shard transfer as its sender's shard knows it: SENT until the receiver's shard credited the recipient
-- (POSTED) or refused and the money came back (RETURNED). Rows are never deleted; SENT rows are the money in flight.
create table cross_shard_transfer (
    id              uuid        primary key,
    entry_id        uuid        not null unique references journal_entry (id),
    from_wallet_id  uuid        not null,
    to_wallet_id    uuid        not null,
    to_shard        smallint    not null,
    amount          bigint      not null check (amount > 0),
    currency        char(3)     not null,
    status          text        not null check (status in ('SENT', 'POSTED', 'RETURNED')),
    reference       text,
    initiated_by    uuid        not null,
    -- An operator's reversal of a cross-shard transfer travels back as one of these: the transfer it reverses.
    reverses        uuid,
    -- The sender's Idempotency-Key: its stored answer follows the transfer to its end (POSTED or RETURNED).
    idempotency_scope text      not null,
    idempotency_key text        not null,
    -- The sender's wallet version after the sending entry: the answer's version (Min-Version) once POSTED.
    sender_version  bigint      not null,
    reason          text,
    created_at      timestamptz not null default now(),
    settled_at      timestamptz
);
create index cross_shard_transfer_in_flight on cross_shard_transfer (created_at) where status = 'SENT';

-- A cross-shard transfer as its receiver's shard knows it: claimed once (the primary key), then RECEIVED (the
-- recipient credited by the entry external_ref 'xfer-in:<id>', whose id is the transfer's, as on the sender's shard) or REFUSED (nothing written; the sender's shard
-- returns the money). Whoever asks again (the event after the fast path, a redelivery) gets the same outcome.
create table cross_shard_receipt (
    transfer_id     uuid        primary key,
    from_shard      smallint    not null,
    from_wallet_id  uuid        not null,
    outcome         text        not null check (outcome in ('RECEIVED', 'REFUSED')),
    reason          text,
    entry_id        uuid        references journal_entry (id),
    created_at      timestamptz not null default now()
);

-- A customer's shard is looked up by customer id (their holds, the directory's assignment of a second wallet).
create index wallet_customer on wallet (customer_id);
