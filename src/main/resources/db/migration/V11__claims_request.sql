-- The claims request parameter (OpenID Connect Core §5.5) of a sign-in, normalised to the claims
-- OID has (ClaimsRequest.toJson): the code carries it to the exchange, and every refresh token of
-- the family carries it on, so the ID tokens of later refreshes still hold what was asked for.
-- NULL: no claims were requested. Userinfo's part also rides in the access token (userinfo_claims).
ALTER TABLE auth_codes ADD COLUMN claims text;
ALTER TABLE refresh_tokens ADD COLUMN claims text;
