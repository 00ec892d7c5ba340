-- Secrets of the server itself that every replica must share, made once by whichever replica starts
-- first (INSERT … ON CONFLICT DO NOTHING, then everyone reads the winner) and loaded into memory at
-- start-up. The first is 'csrf': the HMAC key of the CSRF tokens in OID's forms, so that a form
-- served by one replica is accepted by another. Sealed with OID_KEY_ENCRYPTION_KEY when it is set,
-- like the signing keys: a copy of this table then forges nothing.
CREATE TABLE server_secrets (
    name       text        PRIMARY KEY,
    secret     bytea       NOT NULL,                  -- the key, encrypted when encryption says so
    encryption text        NOT NULL DEFAULT 'none',   -- 'none' or 'aes-256-gcm' (IV || ciphertext || tag, the name as AAD)
    created_at timestamptz NOT NULL DEFAULT now()
);
