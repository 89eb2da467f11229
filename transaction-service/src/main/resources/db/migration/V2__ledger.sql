-- The double-entry ledger. Amounts are bigint minor units. Journal entries and postings are only ever inserted;
-- a ledger account's balance, held amount, send counters and version are the only values updated in place.

alter table ledger_account
    add column held               bigint not null default 0 check (held >= 0),
    add column overdraft_limit    bigint not null default 0 check (overdraft_limit >= 0),
    add column sent_day           date,
    add column sent_day_total     bigint not null default 0,
    add column sent_month         date,
    add column sent_month_total   bigint not null default 0;
-- The money rule, enforced by the database as the last line of defence: a customer wallet never goes below zero
-- (or its overdraft limit), counting open holds.
alter table ledger_account add constraint wallet_never_negative
    check (kind <> 'WALLET' or balance - held >= -overdraft_limit);

-- What the ledger knows of wallets, projected from account.events, so a transfer never calls the account-service.
create table wallet (
    wallet_id            uuid        primary key,
    customer_id          uuid        not null,
    phone_number         text        not null,
    currency             char(3)     not null,
    status               text        not null check (status in ('ACTIVE', 'FROZEN', 'CLOSED')),
    kyc_tier             smallint    not null,
    daily_send_limit     bigint      not null,
    monthly_send_limit   bigint      not null,
    max_balance          bigint      not null,
    updated_at           timestamptz not null default now()
);
create index wallet_phone on wallet (phone_number, currency);

create table journal_entry (
    id             uuid        primary key,
    seq            bigserial   not null unique,
    type           text        not null check (type in ('TRANSFER', 'HOLD_CAPTURE', 'ADJUSTMENT', 'REVERSAL', 'TOPUP', 'TOPUP_SUSPENDED')),
    currency       char(3)     not null,
    amount         bigint      not null check (amount > 0),
    reference      text,
    -- A transaction is reversed at most once.
    reverses_id    uuid        unique references journal_entry (id),
    -- Exactly-once effects of outside events, such as 'payment:<id>' for a top-up.
    external_ref   text        unique,
    initiated_by   uuid,
    created_at     timestamptz not null default now()
);

create table posting (
    id             bigserial   primary key,
    entry_id       uuid        not null references journal_entry (id),
    account_id     bigint      not null references ledger_account (id),
    amount         bigint      not null check (amount <> 0),
    balance_after  bigint      not null,
    account_version bigint     not null,
    created_at     timestamptz not null default now()
);
create index posting_account on posting (account_id, id);
create index posting_entry on posting (entry_id);

-- Every entry balances: checked by the database at commit, whatever code wrote it.
create function journal_entry_balances() returns trigger language plpgsql as $$
begin
    if (select coalesce(sum(amount), 0) from posting where entry_id = new.entry_id) <> 0 then
        raise exception 'journal entry % does not balance', new.entry_id using errcode = '23514';
    end if;
    return null;
end $$;
create constraint trigger posting_entry_balances after insert on posting
    deferrable initially deferred for each row execute function journal_entry_balances();

create table hold (
    id               uuid        primary key,
    wallet_id        uuid        not null,
    account_id       bigint      not null references ledger_account (id),
    payee_account_id bigint      not null references ledger_account (id),
    amount           bigint      not null check (amount > 0),
    captured_amount  bigint      check (captured_amount > 0 and captured_amount <= amount),
    currency         char(3)     not null,
    status           text        not null check (status in ('OPEN', 'CAPTURED', 'VOIDED', 'EXPIRED')),
    reference        text,
    expires_at       timestamptz not null,
    capture_entry_id uuid        references journal_entry (id),
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now()
);
create index hold_open_expiry on hold (expires_at) where status = 'OPEN';
create index hold_wallet on hold (wallet_id);

-- Idempotency: the first response to (scope, key) is kept and replayed; request_hash catches a different body.
create table idempotency_record (
    scope            text        not null,
    idempotency_key  text        not null,
    request_hash     text        not null,
    response_status  integer     not null,
    response_body    text        not null,
    created_at       timestamptz not null default now(),
    primary key (scope, idempotency_key)
);

-- System accounts: one clearing account per payment provider, fees, treasury suspense (ZAR).
insert into ledger_account (account_key, kind, currency) values
    ('clearing:PEACH:ZAR', 'PROVIDER_CLEARING', 'ZAR'),
    ('clearing:ZAPPER:ZAR', 'PROVIDER_CLEARING', 'ZAR'),
    ('fees:ZAR', 'FEES', 'ZAR'),
    ('treasury-suspense:ZAR', 'TREASURY_SUSPENSE', 'ZAR');
