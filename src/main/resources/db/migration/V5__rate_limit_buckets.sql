-- The per-IP rate limit's counts when OID_RATE_LIMIT_STORE=postgres: one row per client address
-- (ClientAddress.bucketKey: an IPv4 address, an IPv6 /64, or "unreadable"), so every replica
-- counts against the same limit. A window starts with the address's first request and lasts one
-- minute; a request after it starts the next. PostgresRateLimiter reads and writes a row with a
-- single INSERT … ON CONFLICT DO UPDATE, using the database's clock (one clock for all replicas).
--
-- UNLOGGED: counts of the last minute are not worth WAL or replication; after a crash the table
-- comes back empty, which only starts every address's window afresh.
-- fillfactor 70: within a window only "used" changes, so updates stay on the row's page (HOT)
-- and leave the expires_at index alone.
-- Housekeeping deletes rows past expires_at (with a margin for replica clocks), so the table
-- holds about the addresses seen in the last few minutes.
CREATE UNLOGGED TABLE rate_limit_buckets (
    client_key   text        PRIMARY KEY,
    used         integer     NOT NULL,              -- requests counted in this window, at most the limit + 1
    expires_at   timestamptz NOT NULL               -- the window's end: after it the row is dead
) WITH (fillfactor = 70);
CREATE INDEX rate_limit_buckets_expires_at_idx ON rate_limit_buckets (expires_at);
