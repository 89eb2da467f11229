-- Every operator action, append-only: who (operator id), what (action and target), when, under which request id, and
-- how it ended. The database refuses to change or delete a row, whatever code asks.
create table operator_audit (
    id           bigserial   primary key,
    at           timestamptz not null default now(),
    operator_id  uuid,
    action       text        not null,
    target       text,
    outcome      text        not null,
    request_id   text,
    detail       text
);
create index operator_audit_at on operator_audit (at);

create function operator_audit_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'operator_audit is append-only' using errcode = '42501';
end $$;
create trigger operator_audit_append_only before update or delete on operator_audit
    for each statement execute function operator_audit_is_append_only();
