-- Strong authentication (issue 16): passkeys, one-time codes, recovery codes, the policies that ask
-- for them, multi-step sign-ins, and what a session and the tokens from it remember of the factors.

-- The tenant's second-factor policy: 'off' (never asked unless a client or request asks),
-- 'optional' (asked of users who set one up) or 'required' (everyone; enrolment after the password).
ALTER TABLE tenants ADD COLUMN mfa_policy text NOT NULL DEFAULT 'optional'
    CONSTRAINT tenants_mfa_policy_known CHECK (mfa_policy IN ('off', 'optional', 'required'));

-- A client may insist that its users signed in with two factors, or with a passkey.
ALTER TABLE clients
    ADD COLUMN require_mfa     boolean NOT NULL DEFAULT false,
    ADD COLUMN require_passkey boolean NOT NULL DEFAULT false;

-- The factors a session proved, each with when (epoch seconds): "password:1733600000 otp:1733600030".
-- Sessions from before this version proved a password at auth_time.
ALTER TABLE sessions ADD COLUMN factors text NOT NULL DEFAULT '';
UPDATE sessions SET factors = 'password:' || floor(extract(epoch FROM auth_time))::bigint;

-- What the tokens issued from a code or refresh token family say of the sign-in (acr; amr, space
-- separated). NULL for those from before this version: their tokens carry neither.
ALTER TABLE auth_codes
    ADD COLUMN acr text,
    ADD COLUMN amr text;
ALTER TABLE refresh_tokens
    ADD COLUMN acr text,
    ADD COLUMN amr text;

-- A sign-in under way: a browser that proved some factors and must prove or set up another before it
-- gets a session (or before its session is stepped up). The browser holds a random value in a
-- cookie; only its SHA-256 is stored. Short-lived; user_id is NULL until someone is identified (a
-- passkey sign-in starts without a username).
CREATE TABLE sign_in_flows (
    id          uuid        PRIMARY KEY,
    handle_hash bytea       NOT NULL,
    tenant_id   uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id     uuid        REFERENCES users (id) ON DELETE CASCADE,
    session_id  uuid        REFERENCES sessions (id) ON DELETE CASCADE,  -- the session being stepped up
    factors     text        NOT NULL DEFAULT '',                         -- proved so far, as sessions.factors
    enrolled    boolean     NOT NULL DEFAULT false,                      -- a factor was set up during this sign-in
    challenge   bytea,                                                   -- the WebAuthn challenge last shown; single use
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL
);
CREATE UNIQUE INDEX sign_in_flows_handle_hash_key ON sign_in_flows (handle_hash);
CREATE INDEX sign_in_flows_expires_idx ON sign_in_flows (expires_at);

-- Passkeys (WebAuthn credentials). credential_id is the authenticator's; user handle = the user's id.
CREATE TABLE webauthn_credentials (
    id              uuid        PRIMARY KEY,
    tenant_id       uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id         uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    credential_id   bytea       NOT NULL,
    public_key      bytea       NOT NULL,                  -- COSE_Key
    sign_count      bigint      NOT NULL DEFAULT 0,
    transports      text        NOT NULL DEFAULT '',       -- space separated: internal usb nfc ble hybrid
    aaguid          uuid,
    backup_eligible boolean     NOT NULL,
    backed_up       boolean     NOT NULL,
    uv_initialized  boolean     NOT NULL,
    name            text        NOT NULL,                  -- what the user calls it
    created_at      timestamptz NOT NULL,
    last_used_at    timestamptz
);
CREATE UNIQUE INDEX webauthn_credentials_credential_id_key ON webauthn_credentials (credential_id);
CREATE INDEX webauthn_credentials_user_idx ON webauthn_credentials (user_id);

-- A user's authenticator-app secret (RFC 6238). Set up when confirmed_at is set; an unconfirmed row
-- is an enrolment under way. last_step: the time step of the last code accepted (none again).
CREATE TABLE totp_credentials (
    user_id      uuid        PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    tenant_id    uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    secret       bytea       NOT NULL,                    -- encrypted when encryption says so
    encryption   text        NOT NULL DEFAULT 'none',     -- 'none' or 'aes-256-gcm', as server_secrets
    last_step    bigint,
    created_at   timestamptz NOT NULL,
    confirmed_at timestamptz
);

-- Recovery codes: only their SHA-256 (each has 80 random bits); used_at set when spent.
CREATE TABLE recovery_codes (
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tenant_id  uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    code_hash  bytea       NOT NULL,
    created_at timestamptz NOT NULL,
    used_at    timestamptz,
    PRIMARY KEY (user_id, code_hash)
);
