-- Wrong PINs and passphrases slow the one who makes them instead of locking the account: per subject and address,
-- the delay before the next try grows with each failure in a row. Nothing here is reset when a pod starts.
-- subject: 'customer:<id>' or 'operator:<id>'; address '*' is a customer's count over every address (a slower,
-- capped delay against guessing from many addresses; operators have none, so nobody can slow them from outside).
create table sign_in_failure (
    subject          text        not null,
    address          text        not null,
    failures         integer     not null,
    last_failure_at  timestamptz not null,
    blocked_until    timestamptz,
    primary key (subject, address)
);

-- The newest TOTP time step each operator has used: a code works once, never again (RFC 6238, section 5.2).
create table operator_totp_use (
    operator_id  uuid        primary key,
    last_step    bigint      not null,
    used_at      timestamptz not null
);

-- A refresh session lasts at most moolah.account.tokens.session-lifetime (90 days) from its login, however often
-- it is refreshed.
alter table refresh_token add column session_started_at timestamptz;
update refresh_token r set session_started_at = (select min(issued_at) from refresh_token s where s.session_id = r.session_id);
alter table refresh_token alter column session_started_at set not null;

-- Customers' wrong-PIN locks are replaced by sign_in_failure (kept for history, no longer read).
comment on column credential.locked_until is 'unused since V3: see sign_in_failure';
