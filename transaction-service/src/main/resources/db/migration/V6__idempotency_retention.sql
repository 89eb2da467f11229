-- Idempotency records are pruned after the published retention (IdempotencyRetention, 72 hours by default).
create index idempotency_record_age on idempotency_record (created_at);
