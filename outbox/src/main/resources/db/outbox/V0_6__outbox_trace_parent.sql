-- The trace an event was written in (W3C traceparent), sent as the Kafka record's traceparent header so the consumer's
-- work joins the request's trace. Null for events written outside a trace (and for rows written before this column).
alter table outbox_event add column if not exists trace_parent text;
