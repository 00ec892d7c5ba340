-- Email verification (issue 17, item 3): a link that proves the user reads an address. As a
-- forgotten password's link (password_resets): 256 random bits of which only the SHA-256 is stored,
-- valid until expires_at, used once (used_at set by one atomic UPDATE).
--
-- email is the address the link verifies; bound_email the user's address when it was made. The
-- link is live only while users.email is still bound_email (compared case-insensitively, as the
-- unique index compares): an address changed by any route kills it. purpose 'verify' proves the
-- user's current address (email = bound_email); 'change' proves a new one the user typed on the
-- account page, which replaces users.email only when the link is followed — so the pending address
-- lives here, not in users, and the unique index on (tenant, lower(email)) is met only then.
-- A newer link for the same user and purpose deletes the older ones.
CREATE TABLE email_verifications (
    token_hash  bytea       PRIMARY KEY,
    tenant_id   uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose     text        NOT NULL CHECK (purpose IN ('verify', 'change')),
    email       text        NOT NULL,
    bound_email text        NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);
CREATE INDEX email_verifications_user_idx ON email_verifications (user_id, purpose);
CREATE INDEX email_verifications_expires_idx ON email_verifications (expires_at);
