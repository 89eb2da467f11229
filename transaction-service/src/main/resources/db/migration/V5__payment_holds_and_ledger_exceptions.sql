-- A hold placed for a provider payment (reference 'qr:<paymentId>' or 'refund:<paymentId>') is the payment service's:
-- only it places one (with its service credential), only the payment's outcome captures or voids it, and it never
-- expires on its own while the payment is open (the provider may still pay). Holds of that shape placed before this
-- migration were placed on the payment service's behalf, so they are marked too.
alter table hold add column payment_bound boolean not null default false;
update hold set payment_bound = true where reference like 'qr:%' or reference like 'refund:%';
drop index hold_open_expiry;
create index hold_open_expiry on hold (expires_at) where status = 'OPEN' and not payment_bound;

-- A provider paid out after the payment's hold was gone (released by an operator, or expired before this
-- migration): the money left through the provider all the same, so it is booked against treasury suspense
-- (a LATE_CAPTURE entry) and set aside here for an operator, who recovers it from the wallet by adjustment and
-- resolves the record. One record per payment reference.
alter table journal_entry drop constraint journal_entry_type_check;
alter table journal_entry add constraint journal_entry_type_check check (type in
    ('TRANSFER', 'HOLD_CAPTURE', 'ADJUSTMENT', 'REVERSAL', 'TOPUP', 'TOPUP_SUSPENDED', 'LATE_CAPTURE'));

create table ledger_exception (
    id            uuid        primary key,
    kind          text        not null check (kind in ('LATE_CAPTURE')),
    reference     text        not null unique,
    wallet_id     uuid,
    hold_id       uuid        references hold (id),
    amount        bigint      not null check (amount > 0),
    currency      char(3)     not null,
    entry_id      uuid        not null references journal_entry (id),
    detail        text        not null,
    status        text        not null check (status in ('OPEN', 'RESOLVED')),
    created_at    timestamptz not null default now(),
    resolved_at   timestamptz,
    resolved_by   uuid,
    resolution    text
);
create index ledger_exception_open on ledger_exception (created_at) where status = 'OPEN';
