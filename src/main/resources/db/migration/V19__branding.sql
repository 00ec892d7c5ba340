-- Branding per tenant (issue 17, item 8): the name its pages show, its accent colour and its logo.
-- NULL everywhere is OID's own look. The default language is V13's default_language.
ALTER TABLE tenants
    ADD COLUMN display_name text
        CONSTRAINT tenants_display_name_bounded CHECK (char_length(display_name) BETWEEN 1 AND 100),
    ADD COLUMN accent_color text
        CONSTRAINT tenants_accent_color_hex CHECK (accent_color ~ '^#[0-9a-f]{6}$'),
    -- the SHA-256 (hex) of the logo in tenant_logos, NULL without one: the pages name the logo by it
    -- (its URL changes with its content) without reading the image itself
    ADD COLUMN logo_sha256 text
        CONSTRAINT tenants_logo_sha256_hex CHECK (logo_sha256 ~ '^[0-9a-f]{64}$');

-- The logo itself, apart from tenants: the tenant's row is read on every sign-in, the image only
-- when the logo cache reloads. PNG or JPEG, checked and decoded by OID before it is stored.
CREATE TABLE tenant_logos (
    tenant_id    uuid        PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    content_type text        NOT NULL CONSTRAINT tenant_logos_type_known CHECK (content_type IN ('image/png', 'image/jpeg')),
    content      bytea       NOT NULL CONSTRAINT tenant_logos_content_bounded CHECK (octet_length(content) <= 262144),
    sha256       text        NOT NULL CONSTRAINT tenant_logos_sha256_hex CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    width        integer     NOT NULL,
    height       integer     NOT NULL,
    updated_at   timestamptz NOT NULL
);
