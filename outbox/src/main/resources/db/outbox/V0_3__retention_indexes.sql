-- Published outbox rows and processed-event ids are pruned after their retention (Retention); these find the old ones.
create index outbox_event_published on outbox_event (published_at) where published_at is not null;
create index processed_event_age on processed_event (processed_at);
