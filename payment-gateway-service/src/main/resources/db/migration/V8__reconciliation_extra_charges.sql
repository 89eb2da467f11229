-- Provider charges beyond the first for one payment (EXTRA_AT_PROVIDER lines): counted with the run like the others.
alter table reconciliation_run
    add column extra_at_provider integer not null default 0;
