-- Consent for third-party applications (issue 17). clients.first_party exists since V1 (DEFAULT true:
-- every client registered so far stays first-party, never asked about); only a client set to false
-- shows the consent page.

-- What a user allowed a client: the scopes granted so far (space separated, as refresh_tokens.scope),
-- widened when the user allows more. A later request for a subset of them asks nothing. Revoked by
-- deleting the row (the user on /account/applications, an administrator through the admin API); a
-- deleted user or client takes their consents with them.
CREATE TABLE consents (
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    client_id  uuid        NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    tenant_id  uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    scopes     text        NOT NULL,
    granted_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, client_id)
);
CREATE INDEX consents_client_idx ON consents (client_id);
