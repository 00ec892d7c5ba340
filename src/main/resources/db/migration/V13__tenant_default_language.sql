-- The language of a tenant's sign-in pages when neither the client (ui_locales), the user (the
-- pages' language switch) nor the browser (Accept-Language) chooses one (issue 14, item 1).
-- NULL: English, OID's default.
ALTER TABLE tenants ADD COLUMN default_language VARCHAR(8)
    CONSTRAINT tenants_default_language_supported CHECK (default_language IN ('en', 'fr'));
