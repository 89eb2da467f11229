-- Customers and the metadata of their wallets. Balances live in the transaction-service's ledger, not here.
create table customer (
    id            uuid        primary key,
    phone_number  text        not null unique,
    full_name     text        not null,
    kyc_tier      smallint    not null default 0 check (kyc_tier between 0 and 3),
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now()
);

create table wallet (
    id            uuid        primary key,
    customer_id   uuid        not null references customer (id),
    currency      char(3)     not null,
    status        text        not null check (status in ('ACTIVE', 'FROZEN', 'CLOSED')),
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now()
);
create index wallet_customer on wallet (customer_id);
