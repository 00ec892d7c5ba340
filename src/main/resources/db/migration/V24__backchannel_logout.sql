-- OpenID Connect Back-Channel Logout 1.0 to OID's clients (issue 18, item 5).

-- A client's back-channel logout endpoint (§2.2): absolute https (http on a loopback host only), no
-- fragment; NULL: the client is never told. session_required: it needs sid in every logout token
-- (OID always sends one: every logout here ends a session).
ALTER TABLE clients
    ADD COLUMN backchannel_logout_uri              text,
    ADD COLUMN backchannel_logout_session_required boolean NOT NULL DEFAULT false;

-- The clients a sign-in session has served: a row per (session, client) written by the statement
-- that issues an authorization code, so that the session's end tells exactly those clients. No
-- foreign key to sessions: the rows are read (and deleted) by the transaction that ends the session,
-- after its DELETE; a session that merely expires tells no one, and its rows die with it (expires_at
-- is the session's max_expires_at, which housekeeping goes by).
CREATE TABLE session_clients (
    session_id uuid        NOT NULL,
    client_id  uuid        NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (session_id, client_id)
);
CREATE INDEX session_clients_expires_idx ON session_clients (expires_at);

-- The back-channel logout outbox: one row per (ended session, client with a backchannel_logout_uri),
-- written in the transaction that ends the session, taken by one relay at a time (FOR UPDATE SKIP
-- LOCKED), deleted once delivered or given up (the event says which). The logout token is signed
-- when sent, never stored. No foreign key to users: a deleted user's applications are told too.
CREATE TABLE backchannel_logouts (
    id              bigserial   PRIMARY KEY,
    tenant_id       uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    client_id       uuid        NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    session_id      uuid        NOT NULL,
    user_id         uuid        NOT NULL,
    created_at      timestamptz NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    last_error      text
);
CREATE INDEX backchannel_logouts_due_idx ON backchannel_logouts (next_attempt_at);
