-- Who may do what, and how they prove it. PINs are kept only as Argon2id hashes; refresh tokens only as SHA-256
-- fingerprints. Nothing here is deleted: revoked and rotated tokens stay for audit.
alter table customer add column role text not null default 'CUSTOMER' check (role in ('CUSTOMER', 'OPERATOR'));

create table credential (
    customer_id      uuid        primary key references customer (id),
    pin_hash         text        not null,
    failed_attempts  integer     not null default 0,
    locked_until     timestamptz,
    updated_at       timestamptz not null default now()
);

-- One row per refresh token; a session is the chain of tokens rotated from one login.
create table refresh_token (
    id           uuid        primary key,
    session_id   uuid        not null,
    customer_id  uuid        not null references customer (id),
    token_hash   text        not null unique,
    status       text        not null check (status in ('ACTIVE', 'ROTATED', 'REVOKED')),
    issued_at    timestamptz not null,
    expires_at   timestamptz not null,
    closed_at    timestamptz
);
create index refresh_token_session on refresh_token (session_id);
