-- GET /holds lists a wallet's holds newest first, paged by (created_at, id): one index serves it, and every lookup of
-- a wallet's holds that the old single-column index served.
create index hold_wallet_created on hold (wallet_id, created_at desc, id desc);
drop index hold_wallet;
