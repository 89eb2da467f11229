-- Top-ups through Peach: who asked, with which key, and the provider's references; the inbox of notifications; the
-- audit trail of every status move. Nothing here is ever deleted.
alter table payment
    add column customer_id             uuid,
    add column idempotency_key         text,
    add column request_hash            text,
    add column checkout_id             text unique,
    add column merchant_transaction_id text unique,
    add column provider_payment_id     text,
    add column result_code             text,
    add column failure_reason          text,
    add column redirect_url            text,
    add column version                 integer not null default 0;
create unique index payment_idempotency on payment (customer_id, idempotency_key) where idempotency_key is not null;

create table payment_transition (
    id          bigserial   primary key,
    payment_id  uuid        not null references payment (id),
    from_status text,
    to_status   text        not null,
    reason      text        not null,
    at          timestamptz not null default now()
);
create index payment_transition_payment on payment_transition (payment_id);

-- Every notification as it arrived. dedupe_key is set once a notification is authentic (provider, provider id,
-- result): a repeated delivery finds it taken and is not processed again.
create table webhook_notification (
    id           bigserial   primary key,
    provider     text        not null,
    received_at  timestamptz not null default now(),
    content_type text,
    headers      text        not null,
    body         text        not null,
    authentic    boolean,
    dedupe_key   text        unique,
    status       text        not null check (status in ('RECEIVED', 'QUEUED', 'PROCESSED', 'DUPLICATE', 'REJECTED', 'UNMATCHED', 'RETRY')),
    attempts     integer     not null default 0,
    next_attempt_at timestamptz,
    payment_id   uuid,
    detail       text,
    processed_at timestamptz
);
create index webhook_notification_queue on webhook_notification (next_attempt_at) where status in ('QUEUED', 'RETRY');
