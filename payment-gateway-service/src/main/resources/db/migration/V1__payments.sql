-- Payment intents (top-ups and QR payments) and their state. Amounts are minor units.
create table payment (
    id                  uuid        primary key,
    type                text        not null check (type in ('TOPUP', 'QR_PAYMENT')),
    status              text        not null check (status in ('PENDING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'REFUNDED')),
    wallet_id           uuid        not null,
    amount              bigint      not null check (amount > 0),
    currency            char(3)     not null,
    provider            text        not null,
    provider_reference  text,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now()
);
create index payment_wallet on payment (wallet_id);
