-- Deliveries judged not authentic are deleted after a retention period (inbox/RejectedDeliveries): this index finds
-- the old ones without scanning the whole inbox.
create index webhook_notification_rejected on webhook_notification (received_at) where status = 'REJECTED';
