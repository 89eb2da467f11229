-- Moving a wallet between ledger shards (docs/sharding.md "Moving a wallet"; the operator procedure is in
-- docs/operations.md). The money leaves the old shard as a MIGRATION entry into the clearing account for the new shard
-- (a cross_shard_transfer row from the wallet to itself, so the audit counts it in flight) and arrives on the new shard
-- as a MIGRATION entry out of its clearing account for the old one. The wallet's old ledger account stays with its
-- postings, detached (kind MOVED_WALLET, no wallet id), so nothing written later can land there; history reads it.
alter table ledger_account drop constraint ledger_account_kind_check;
alter table ledger_account add constraint ledger_account_kind_check
    check (kind in ('WALLET', 'PROVIDER_CLEARING', 'FEES', 'TREASURY_SUSPENSE', 'INTER_SHARD_CLEARING', 'MOVED_WALLET'));

alter table journal_entry drop constraint journal_entry_type_check;
alter table journal_entry add constraint journal_entry_type_check check (type in
    ('TRANSFER', 'HOLD_CAPTURE', 'ADJUSTMENT', 'REVERSAL', 'TOPUP', 'TOPUP_SUSPENDED', 'LATE_CAPTURE', 'MIGRATION'));

-- On the shard the wallet left: one row per move, SENT until the new shard has the wallet, then DONE.
create table wallet_move (
    id               uuid        primary key,
    wallet_id        uuid        not null,
    customer_id      uuid        not null,
    from_shard       smallint    not null,
    to_shard         smallint    not null,
    from_account_id  bigint      not null references ledger_account (id),
    amount           bigint      not null check (amount >= 0),
    currency         char(3)     not null,
    -- The wallet's version after it left: its account on the new shard goes on from there (Min-Version).
    version_after    bigint      not null,
    status           text        not null check (status in ('SENT', 'DONE')),
    operator_id      uuid        not null,
    reason           text        not null,
    created_at       timestamptz not null default now(),
    done_at          timestamptz
);
create unique index wallet_move_one_at_a_time on wallet_move (wallet_id) where status = 'SENT';

-- On the wallet's current shard: where its earlier postings are, for history (newest segment first by moved_at).
create table wallet_history_segment (
    wallet_id   uuid        not null,
    shard       smallint    not null,
    account_id  bigint      not null,
    moved_at    timestamptz not null,
    primary key (wallet_id, shard, account_id)
);

-- On shard 0: moved on by every move; each replica forgets the shards it remembers when it changes.
create table directory_generation (
    id          smallint    primary key check (id = 1),
    generation  bigint      not null
);
insert into directory_generation (id, generation) values (1, 0);
