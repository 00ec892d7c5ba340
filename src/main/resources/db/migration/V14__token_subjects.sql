-- Who may still be given tokens, and what their tokens say about them: an enabled user of an
-- enabled tenant, with the names of their roles. Stated once here and read by every statement
-- that issues user tokens (the code exchange and both paths of a refresh), instead of the same
-- joins spliced into each of them. A user missing from the view may have no new tokens.
CREATE VIEW token_subjects AS
SELECT u.id, u.tenant_id, u.username, u.name, u.email, u.email_verified, u.updated_at, u.tokens_revoked_before,
       ARRAY(SELECT ro.name FROM user_roles ur JOIN roles ro ON ro.id = ur.role_id WHERE ur.user_id = u.id) AS roles
FROM users u
JOIN tenants t ON t.id = u.tenant_id
WHERE u.enabled AND t.enabled;
