-- Self sign-up (issue 17, item 5): a tenant's setting, and the links that verify an address before
-- its account exists.

-- Off by default. sign_up_domains: the email domains (lower-case, their ASCII form) whose addresses
-- may sign up; empty: any address. The tenant's public policy, not account data.
ALTER TABLE tenants ADD COLUMN sign_up boolean NOT NULL DEFAULT false;
ALTER TABLE tenants ADD COLUMN sign_up_domains text[] NOT NULL DEFAULT '{}'
    CONSTRAINT tenants_sign_up_domains_bounded CHECK (cardinality(sign_up_domains) <= 50);

-- A sign-up's link, modelled on password_resets: 256 random bits of which only the SHA-256 is
-- stored, valid until expires_at, used once (used_at set by one atomic UPDATE). Bound to the tenant,
-- the address (as EmailAddresses enforces it: lower-case, the domain in ASCII) and the authorization
-- request the person came from (return_query: no secret), to continue it once the account exists.
-- No user yet: the account is created when the link is followed and a password chosen.
CREATE TABLE sign_ups (
    token_hash   bytea       PRIMARY KEY,
    tenant_id    uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    email        text        NOT NULL,
    name         text,
    return_query text        NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz
);
CREATE INDEX sign_ups_expires_idx ON sign_ups (expires_at);
