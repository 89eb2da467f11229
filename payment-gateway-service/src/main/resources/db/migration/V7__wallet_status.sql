-- The status of each wallet as account.events tell it (ACTIVE, FROZEN, CLOSED): a frozen or closed wallet is refused
-- a top-up or a QR payment before any provider is asked. A wallet not (yet) here is taken as active.
create table wallet (
    wallet_id   uuid        primary key,
    customer_id uuid,
    status      text        not null,
    updated_at  timestamptz not null default now()
);
