-- Reconciliation runs: what was compared, what was found, and every line's outcome. Kept, never changed.
create table reconciliation_run (
    id                  uuid        primary key,
    provider            text        not null,
    day                 date        not null,
    run_by              uuid        not null,
    ran_at              timestamptz not null default now(),
    matched             integer     not null,
    missing_in_ledger   integer     not null,
    missing_at_provider integer     not null,
    amount_mismatches   integer     not null,
    lines               text        not null
);
create index reconciliation_run_day on reconciliation_run (provider, day);
