-- Signing users in: browser sessions, and what codes and refresh tokens must remember so that a
-- replayed code or a reused refresh token revokes everything issued from it.

-- A sign-in session. The browser holds a random value in a cookie; only its SHA-256 is stored, so
-- a copy of this table signs no one in. Any replica can read it: no sticky sessions.
-- expires_at (idle) moves forward with use but never past max_expires_at (absolute), so expires_at
-- alone says when a row is dead.
CREATE TABLE sessions (
    id             uuid        PRIMARY KEY,
    token_hash     bytea       NOT NULL,                  -- SHA-256 of the cookie value
    tenant_id      uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id        uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    auth_time      timestamptz NOT NULL,                  -- when the user last proved their password
    created_at     timestamptz NOT NULL DEFAULT now(),
    last_seen_at   timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL,
    max_expires_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX sessions_token_hash_key ON sessions (token_hash);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- redirect_uri_given: whether the authorization request named redirect_uri (then the token request
-- must repeat it, RFC 6749 §4.1.3). access_token_*: the access token issued for the code, revoked
-- when the code is replayed. replayed_at: set by the replay, so that an exchange still under way
-- (code consumed, tokens not yet recorded) fails instead of handing out tokens nobody revokes.
ALTER TABLE auth_codes
    ADD COLUMN redirect_uri_given      boolean     NOT NULL DEFAULT true,
    ADD COLUMN access_token_jti        text,
    ADD COLUMN access_token_expires_at timestamptz,
    ADD COLUMN replayed_at             timestamptz;

-- access_token_*: the access token issued beside this refresh token, revoked with the family.
-- offline: asked with offline_access, so it outlives the sign-in session (logout leaves it alone).
-- Invariant as for sessions: expires_at <= family_expires_at.
ALTER TABLE refresh_tokens
    ADD COLUMN access_token_jti        text,
    ADD COLUMN access_token_expires_at timestamptz,
    ADD COLUMN offline                 boolean     NOT NULL DEFAULT false;

-- A client may insist that refresh tokens are asked for explicitly, with the offline_access scope.
ALTER TABLE clients
    ADD COLUMN require_offline_access boolean NOT NULL DEFAULT false;
