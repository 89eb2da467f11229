-- A top-up whose notification never came is asked of Peach's status API by a scheduled poll (inbox/TopUpStatusPoll),
-- at growing intervals: next_status_check_at says when next.
alter table payment add column next_status_check_at timestamptz;
create index payment_pending_topups on payment (created_at) where status = 'PENDING' and type = 'TOPUP';
