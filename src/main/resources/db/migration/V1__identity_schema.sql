-- OID's schema. Flyway creates the schema named by DATABASE_URL's search_path (default oid) and
-- runs this file with search_path set to it, so nothing here names the schema.
-- The runbook's seven tables (tenants, users, clients, auth_codes, refresh_tokens, roles,
-- user_roles) keep their names; client_roles and signing_keys are OID's own.
-- Secrets, codes and tokens are stored only as hashes.

CREATE TABLE tenants (
    id          uuid        PRIMARY KEY,
    slug        text        NOT NULL,
    name        text        NOT NULL,
    enabled     boolean     NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT tenants_slug_format CHECK (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$')
);
CREATE UNIQUE INDEX tenants_slug_key ON tenants (slug);

CREATE TABLE users (
    id                  uuid        PRIMARY KEY,
    tenant_id           uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    username            text        NOT NULL,
    email               text,
    email_verified      boolean     NOT NULL DEFAULT false,
    name                text,
    password_hash       text,                  -- PHC string (argon2id; bcrypt/pbkdf2 when imported)
    enabled             boolean     NOT NULL DEFAULT true,
    failed_logins       integer     NOT NULL DEFAULT 0,
    lockouts            integer     NOT NULL DEFAULT 0,   -- drives the growing lock period
    locked_until        timestamptz,
    password_changed_at timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
-- unique within a tenant, case-insensitively; the same name may exist in another tenant
CREATE UNIQUE INDEX users_tenant_username_key ON users (tenant_id, lower(username));
CREATE UNIQUE INDEX users_tenant_email_key ON users (tenant_id, lower(email)) WHERE email IS NOT NULL;

CREATE TABLE clients (
    id                              uuid        PRIMARY KEY,
    tenant_id                       uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    client_id                       text        NOT NULL,  -- global: the client_id decides the tenant
    name                            text        NOT NULL,
    type                            text        NOT NULL CHECK (type IN ('confidential', 'public')),
    secret_hash                     text,
    redirect_uris                   text[]      NOT NULL DEFAULT '{}',
    post_logout_redirect_uris       text[]      NOT NULL DEFAULT '{}',
    grant_types                     text[]      NOT NULL DEFAULT '{}',
    scopes                          text[]      NOT NULL DEFAULT '{}',
    require_pkce                    boolean     NOT NULL DEFAULT true,
    first_party                     boolean     NOT NULL DEFAULT true,   -- no consent screen
    revoke_refresh_tokens_on_logout boolean     NOT NULL DEFAULT false,
    enabled                         boolean     NOT NULL DEFAULT true,
    secret_rotated_at               timestamptz,
    created_at                      timestamptz NOT NULL DEFAULT now(),
    updated_at                      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT clients_secret_by_type CHECK ((type = 'public') = (secret_hash IS NULL))
);
CREATE UNIQUE INDEX clients_client_id_key ON clients (client_id);
CREATE INDEX clients_tenant_idx ON clients (tenant_id);

CREATE TABLE roles (
    id          uuid        PRIMARY KEY,
    tenant_id   uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name        text        NOT NULL,
    description text,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX roles_tenant_name_key ON roles (tenant_id, name);

CREATE TABLE user_roles (
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role_id uuid NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, role_id)
);
CREATE INDEX user_roles_role_idx ON user_roles (role_id);

CREATE TABLE client_roles (
    client_id uuid NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    role_id   uuid NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    PRIMARY KEY (client_id, role_id)
);
CREATE INDEX client_roles_role_idx ON client_roles (role_id);

-- Authorization codes: single use, short-lived, bound to everything the token request must repeat.
CREATE TABLE auth_codes (
    code_hash             bytea       PRIMARY KEY,          -- SHA-256 of the code
    tenant_id             uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    client_id             uuid        NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    user_id               uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    session_id            uuid,
    redirect_uri          text        NOT NULL,
    scope                 text        NOT NULL,
    nonce                 text,
    code_challenge        text,
    code_challenge_method text,
    auth_time             timestamptz NOT NULL,
    created_at            timestamptz NOT NULL DEFAULT now(),
    expires_at            timestamptz NOT NULL,
    consumed_at           timestamptz                       -- a second use revokes what the first issued
);
CREATE INDEX auth_codes_expires_idx ON auth_codes (expires_at);

-- Refresh tokens: rotated on every use; a family shares the descent from one authorization.
CREATE TABLE refresh_tokens (
    id                uuid        PRIMARY KEY,
    token_hash        bytea       NOT NULL,                -- SHA-256 of the token
    family_id         uuid        NOT NULL,
    tenant_id         uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    client_id         uuid        NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    user_id           uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    session_id        uuid,
    auth_code_hash    bytea,                               -- revoked together when the code is replayed
    scope             text        NOT NULL,
    auth_time         timestamptz NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    expires_at        timestamptz NOT NULL,                -- idle lifetime
    family_expires_at timestamptz NOT NULL,                -- absolute lifetime
    rotated_at        timestamptz,
    revoked_at        timestamptz
);
CREATE UNIQUE INDEX refresh_tokens_hash_key ON refresh_tokens (token_hash);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id) WHERE session_id IS NOT NULL;
CREATE INDEX refresh_tokens_code_idx ON refresh_tokens (auth_code_hash) WHERE auth_code_hash IS NOT NULL;
CREATE INDEX refresh_tokens_expires_idx ON refresh_tokens (expires_at);

-- Signing keys: published in the JWKS from published_at, used for signing from active_from until
-- retire_at, and removed from the JWKS at expires_at (after every token they signed expired).
CREATE TABLE signing_keys (
    kid                     text        PRIMARY KEY,       -- RFC 7638 thumbprint
    algorithm               text        NOT NULL,
    public_jwk              text        NOT NULL,
    private_key             bytea       NOT NULL,          -- PKCS#8 DER, encrypted when private_key_encryption says so
    private_key_encryption  text        NOT NULL DEFAULT 'none',
    created_at              timestamptz NOT NULL DEFAULT now(),
    published_at            timestamptz NOT NULL,
    active_from             timestamptz NOT NULL,
    retire_at               timestamptz,
    expires_at              timestamptz
);
CREATE INDEX signing_keys_active_idx ON signing_keys (active_from);
