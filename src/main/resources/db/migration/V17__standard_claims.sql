-- The standard claims of OpenID Connect Core §5.1 (issue 17, item 6) that a user has beyond the
-- columns of V1 (name, email, email_verified, updated_at; preferred_username is the username):
-- given_name, family_name, middle_name, nickname, profile, picture, website, gender, birthdate, zoneinfo,
-- locale, phone_number, phone_number_verified and address (§5.1.1). One jsonb object rather than
-- nineteen columns: the claims are always read and written together (released to a relying party,
-- edited on one page), never searched or joined on; OID's one writer validates every value first
-- (protocol/ClaimRules); and the token_subjects view and the statements that issue tokens grow by
-- one column, not nineteen. NULL: no claim. The checks keep it an object of bounded size.
ALTER TABLE users ADD COLUMN profile jsonb
    CONSTRAINT users_profile_object CHECK (jsonb_typeof(profile) = 'object')
    CONSTRAINT users_profile_bounded CHECK (octet_length(profile::text) <= 65536);

-- The claims a tenant's users may edit themselves on their account page. NULL: the default, their
-- name and the profile claims; never email (a new address is verified first) nor a *_verified claim.
ALTER TABLE tenants ADD COLUMN profile_editable text[]
    CONSTRAINT tenants_profile_editable_known CHECK (profile_editable <@ ARRAY['name', 'given_name', 'family_name',
        'middle_name', 'nickname', 'profile', 'picture', 'website', 'gender', 'birthdate', 'zoneinfo', 'locale', 'phone_number',
        'address']::text[]);

-- The tokens of a user may carry these claims (the ID token, when the claims parameter asks): the
-- view gains the column at its end, so the code exchange and both paths of a refresh read it in the
-- statement they already run.
CREATE OR REPLACE VIEW token_subjects AS
SELECT u.id, u.tenant_id, u.username, u.name, u.email, u.email_verified, u.updated_at, u.tokens_revoked_before,
       ARRAY(SELECT ro.name FROM user_roles ur JOIN roles ro ON ro.id = ur.role_id WHERE ur.user_id = u.id) AS roles,
       u.profile
FROM users u
JOIN tenants t ON t.id = u.tenant_id
WHERE u.enabled AND t.enabled;
