create table test_note (id bigserial primary key, aggregate_id text not null);
create table test_effect (id bigserial primary key, event_id uuid not null, aggregate_id text not null);
