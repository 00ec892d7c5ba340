-- Email (issue 17): the mail outbox every message leaves through, and the forgotten password's links.

-- A message waits here, written in the transaction of the change it announces, until the relay
-- (oid-mail-relay) has handed it to the SMTP server or published it on OID_MAIL_TOPIC. The message
-- (recipient, subject, text, HTML; a link's secret among them) is sealed with AES-256-GCM under a
-- server secret (table server_secrets, itself sealed by OID_KEY_ENCRYPTION_KEY when set), its
-- message_id as additional data, and deleted once sent or given up: what stays is the delivery's
-- record. One relay sends a row at a time, its row locked (FOR UPDATE SKIP LOCKED) until its
-- outcome commits.
CREATE TABLE mail_outbox (
    id              bigserial   PRIMARY KEY,
    message_id      text        NOT NULL UNIQUE,                    -- the Message-ID header, stable across retries
    tenant_id       uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    kind            text        NOT NULL,                           -- password_reset, …
    sealed          bytea,                                          -- NULL once sent or given up
    created_at      timestamptz NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    sent_at         timestamptz,
    failed_at       timestamptz,                                    -- given up
    last_error      text                                            -- the server's reply code and class, never the message
);
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX mail_outbox_done_idx ON mail_outbox (created_at) WHERE sent_at IS NOT NULL OR failed_at IS NOT NULL;

-- A forgotten password's link: 256 random bits of which only the SHA-256 is stored, valid until
-- expires_at, used once (used_at set by one atomic UPDATE). password_binding is the SHA-256 of the
-- user's password hash when the link was made: a password changed by any route (the link itself,
-- the account page, the admin API, a rehash at sign-in) no longer matches, and the link is dead.
-- return_query is the authorization request the person came from (no secret), to go back to it.
CREATE TABLE password_resets (
    token_hash       bytea       PRIMARY KEY,
    tenant_id        uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id          uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    password_binding bytea       NOT NULL,
    return_query     text        NOT NULL DEFAULT '',
    created_at       timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    used_at          timestamptz
);
CREATE INDEX password_resets_user_idx ON password_resets (user_id);
CREATE INDEX password_resets_expires_idx ON password_resets (expires_at);
