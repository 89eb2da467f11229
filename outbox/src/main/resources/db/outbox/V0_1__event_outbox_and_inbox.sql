-- Shared by every service that publishes or consumes events (the outbox module). Versions below 1 so each
-- service's own migrations (V1 and up) come after.

-- Events waiting to be published: written in the same transaction as the state change they describe.
create table outbox_event (
    seq           bigserial   primary key,
    event_id      uuid        not null unique,
    topic         text        not null,
    aggregate_id  text        not null,
    event_type    text        not null,
    envelope      text        not null,
    created_at    timestamptz not null default now(),
    published_at  timestamptz
);
create index outbox_event_unpublished on outbox_event (seq) where published_at is null;

-- Events this service has applied, per consumer: recorded in the same transaction as the effect.
create table processed_event (
    consumer      text        not null,
    event_id      uuid        not null,
    processed_at  timestamptz not null default now(),
    primary key (consumer, event_id)
);

-- Records that kept failing (or were not events at all), kept for an operator instead of blocking a partition.
create table dead_letter_event (
    id            bigserial   primary key,
    consumer      text        not null,
    topic         text        not null,
    kafka_partition integer   not null,
    kafka_offset  bigint      not null,
    record        text,
    error         text        not null,
    parked_at     timestamptz not null default now()
);
