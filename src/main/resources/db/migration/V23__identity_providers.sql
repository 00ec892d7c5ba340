-- Issue 18: sign-in through a tenant's own OpenID provider (Entra ID, Okta, Google Workspace, …).
-- OID is then a relying party of that provider: the user is sent there from the login page, comes
-- back with a code, and OID signs them in as one of the tenant's users (found by the link below,
-- linked by a verified email, or created just in time).

-- One upstream OpenID provider of a tenant. alias names it in URLs and in idp_hint: lowercase
-- [a-z0-9-], unique within the tenant. Endpoints: with discovery, read from
-- {issuer}/.well-known/openid-configuration (and cached by the replica); without, the columns say them.
-- The client secret is sealed (AES-256-GCM under the server secret 'identity-providers', the
-- provider's id as additional data: ProviderSecretSeal); private_key_jwt signs with OID's own key.
CREATE TABLE identity_providers (
    id                     uuid        PRIMARY KEY,
    tenant_id              uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    alias                  text        NOT NULL CHECK (alias ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
    display_name           text        NOT NULL,               -- "Continue with {display_name}"
    enabled                boolean     NOT NULL DEFAULT true,
    issuer                 text        NOT NULL,               -- the ID tokens' iss, compared exactly
    discovery              boolean     NOT NULL DEFAULT true,
    authorization_endpoint text,                               -- without discovery: required
    token_endpoint         text,                               -- without discovery: required
    userinfo_endpoint      text,
    jwks_uri               text,                               -- without discovery: required
    client_id              text        NOT NULL,
    client_auth            text        NOT NULL CHECK (client_auth IN ('client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none')),
    client_secret          bytea,                              -- sealed; only with client_secret_*
    scopes                 text[]      NOT NULL DEFAULT '{openid,email,profile}',
    username_claim         text        NOT NULL DEFAULT 'preferred_username',
    email_claim            text        NOT NULL DEFAULT 'email',
    name_claim             text        NOT NULL DEFAULT 'name',
    roles_claim            text,                               -- null: no roles from the provider
    role_mappings          jsonb       NOT NULL DEFAULT '{}',  -- {"upstream value": ["tenant role", …]}
    create_users           boolean     NOT NULL DEFAULT true,  -- just-in-time creation
    link_by_email          boolean     NOT NULL DEFAULT false, -- link to a user of the tenant by a verified email
    required               boolean     NOT NULL DEFAULT false, -- the tenant's users sign in only through it
    trust_mfa              boolean     NOT NULL DEFAULT false, -- its amr proving MFA satisfies the tenant's policy
    created_at             timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL,
    version                bigint      NOT NULL DEFAULT 0,     -- the admin API's ETag
    UNIQUE (tenant_id, alias),
    CHECK (discovery OR (authorization_endpoint IS NOT NULL AND token_endpoint IS NOT NULL AND jwks_uri IS NOT NULL)),
    CHECK ((client_auth IN ('client_secret_basic', 'client_secret_post')) = (client_secret IS NOT NULL))
);

-- Home-realm discovery: an email's domain (lowercase, IDNA ASCII) sends its user to one provider of
-- the tenant. A domain belongs to one provider per tenant.
CREATE TABLE identity_provider_domains (
    tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    domain      text NOT NULL CHECK (domain = lower(domain)),
    provider_id uuid NOT NULL REFERENCES identity_providers (id) ON DELETE CASCADE,
    PRIMARY KEY (tenant_id, domain)
);
CREATE INDEX identity_provider_domains_provider_idx ON identity_provider_domains (provider_id);

-- Who a user is at a provider: the ID token's sub (unique per issuer), linked to one user of the
-- tenant. A user has at most one identity per provider.
CREATE TABLE federated_identities (
    provider_id    uuid        NOT NULL REFERENCES identity_providers (id) ON DELETE CASCADE,
    subject        text        NOT NULL,
    user_id        uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tenant_id      uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    created_at     timestamptz NOT NULL,
    last_sign_in_at timestamptz,
    PRIMARY KEY (provider_id, subject),
    UNIQUE (provider_id, user_id)
);
CREATE INDEX federated_identities_user_idx ON federated_identities (user_id);
