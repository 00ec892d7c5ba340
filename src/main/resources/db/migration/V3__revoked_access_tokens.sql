-- Access tokens revoked before their expiry (RFC 7009). An access token is a self-contained JWT,
-- so revoking one means remembering its jti until the token would have expired anyway; after
-- that the signature check refuses it by itself and the row is useless. Every replica loads the
-- unexpired rows into memory and refreshes them every few seconds (RevokedAccessTokens), so no
-- verification costs a database round trip; RevokedAccessTokens also deletes expired rows in
-- small batches, which keeps the table as small as the set of live revoked tokens.
CREATE TABLE revoked_access_tokens (
    jti        text        PRIMARY KEY,               -- the token's jti: revoking twice is one row
    tenant_id  uuid        NOT NULL,                  -- whose token it was, for operators' queries
    client_id  text        NOT NULL,                  -- the client it was issued to (and that revoked it)
    revoked_at timestamptz DEFAULT now(),
    expires_at timestamptz NOT NULL                   -- the token's exp: remembered until then, no longer
);
-- Both the periodic reload ("the unexpired rows") and the housekeeping ("the expired rows, oldest
-- first") are range scans on expires_at.
CREATE INDEX revoked_access_tokens_expires_at_idx ON revoked_access_tokens (expires_at);
