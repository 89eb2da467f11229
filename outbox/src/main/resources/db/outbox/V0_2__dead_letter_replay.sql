-- A parked record is replayed by an operator (DeadLetterReplay) once its cause is fixed: when, and what went wrong the
-- last time it was tried. Rows are never deleted: the open ones (replayed_at is null) feed the dead-letter alert.
-- (A shared migration numbered below the services' own: the services run Flyway with out-of-order allowed.)
alter table dead_letter_event add column replayed_at timestamptz, add column replay_error text;
create index dead_letter_event_open on dead_letter_event (parked_at) where replayed_at is null;
