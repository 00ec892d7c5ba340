-- Invitations (issue 17, item 4): a tenant administrator invites someone by email; the link lets
-- them choose a password, and only then is their user made (nothing to clean up on a revocation).
-- The link is 256 random bits of which only the SHA-256 is stored (token_hash, replaced on a
-- resend: the old link dies), valid until expires_at, used once (state moved from 'pending' to
-- 'accepted' by one atomic UPDATE). 'expired' is not stored: a pending invitation past expires_at.
-- roles are names of the tenant's roles, granted at acceptance (one deleted meanwhile is not);
-- client_id and redirect_uri say where the person lands once signed in (NULL: the account page).
CREATE TABLE invitations (
    id           uuid        PRIMARY KEY,
    tenant_id    uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    email        text        NOT NULL,
    username     text        NOT NULL,
    name         text,
    roles        text[]      NOT NULL DEFAULT '{}',
    client_id    text,
    redirect_uri text,
    locale       text,
    token_hash   bytea       NOT NULL UNIQUE,
    state        text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'accepted', 'revoked')),
    created_at   timestamptz NOT NULL,
    sent_at      timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    accepted_at  timestamptz,
    revoked_at   timestamptz,
    user_id      uuid        REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX invitations_tenant_idx ON invitations (tenant_id, created_at);
-- an address or username with a live pending invitation is refused (409) by the service, which
-- reads this index; an expired one does not block a new invitation
CREATE INDEX invitations_email_idx ON invitations (tenant_id, lower(email));
