-- Issue 18: a sign-in sent to a tenant's own OpenID provider, between OID's redirect to it and its
-- answer at /login/federation/{provider}/callback. Any replica may get the answer, so it is kept
-- here rather than in memory. state_hash is the SHA-256 of the state sent upstream (single use: the
-- callback deletes the row as it reads it); browser_hash the SHA-256 of the oid_federation cookie
-- the browser got as it left, so that an answer brought by another browser (a code injected into a
-- victim's sign-in, a login CSRF) finds nothing. The nonce and PKCE verifier are OID's own random
-- values, useless without the code they go with and kept ten minutes at most. request is the OID
-- authorization request to resume (its parameters as a query string), never credentials.
CREATE TABLE federation_attempts (
    state_hash    bytea       PRIMARY KEY,
    browser_hash  bytea       NOT NULL,
    provider_id   uuid        NOT NULL REFERENCES identity_providers (id) ON DELETE CASCADE,
    tenant_id     uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    nonce         text        NOT NULL,
    code_verifier text        NOT NULL,
    request       text        NOT NULL,
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL
);
CREATE INDEX federation_attempts_expires_idx ON federation_attempts (expires_at);

-- The provider, subject and upstream sid a session was started through (a federated sign-in completed
-- at once, without a second factor of OID's), so that the provider's back-channel logout token ends it.
ALTER TABLE sessions ADD COLUMN upstream_provider_id uuid REFERENCES identity_providers (id) ON DELETE SET NULL,
                     ADD COLUMN upstream_subject     text,
                     ADD COLUMN upstream_sid         text;
CREATE INDEX sessions_upstream_idx ON sessions (upstream_provider_id, upstream_subject) WHERE upstream_provider_id IS NOT NULL;

-- The jti of each logout token a provider sent, until it could no longer be accepted: a replay ends nothing.
CREATE TABLE federation_logout_jtis (
    provider_id uuid        NOT NULL REFERENCES identity_providers (id) ON DELETE CASCADE,
    jti         text        NOT NULL,
    expires_at  timestamptz NOT NULL,
    PRIMARY KEY (provider_id, jti)
);
CREATE INDEX federation_logout_jtis_expires_idx ON federation_logout_jtis (expires_at);
