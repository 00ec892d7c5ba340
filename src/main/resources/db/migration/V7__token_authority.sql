-- Authority that is taken away ends at once: every verification of an access token checks its
-- client and user as they are now, from snapshots every replica keeps in memory.

-- "Every token of this client / user issued at or before this second is revoked", set by an
-- oid-admin. Whole seconds, like a token's iat. Carried in the client and user snapshots.
ALTER TABLE clients ADD COLUMN tokens_revoked_before timestamptz;
ALTER TABLE users ADD COLUMN tokens_revoked_before timestamptz;

-- An oid-admin revokes a token by its jti alone: whose it was is not known then.
ALTER TABLE revoked_access_tokens
    ALTER COLUMN tenant_id DROP NOT NULL,
    ALTER COLUMN client_id DROP NOT NULL;

-- Users whose snapshot may read differently (UserCache): every change adds one to the counter and
-- writes a row under the new number in the change's own transaction. The row lock on the counter
-- orders the writers, so numbers commit in order and without gaps: a replica that has seen N reads
-- the rows after N and forgets exactly those users (all of them when user_id is null: a role or a
-- tenant deleted). Rows older than an hour are deleted; a replica that missed some forgets everyone.
CREATE TABLE user_cache_version (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton), -- one row, never more
    version   bigint  NOT NULL
);
INSERT INTO user_cache_version (singleton, version) VALUES (true, 0);

CREATE TABLE user_changes (
    version    bigint      PRIMARY KEY,
    user_id    uuid,                          -- null: every user
    changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX user_changes_changed_at_idx ON user_changes (changed_at);
