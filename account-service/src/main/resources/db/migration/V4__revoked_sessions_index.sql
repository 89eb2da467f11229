-- The gateway asks every half second which sessions were revoked lately (logout, a reused refresh token, the end of
-- a session's lifetime), so their access tokens are refused at once instead of living out their 15 minutes.
create index refresh_token_revoked on refresh_token (closed_at) where status = 'REVOKED';
