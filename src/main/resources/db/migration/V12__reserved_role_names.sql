-- Role names oid-admin and oid-… are the platform's (issue 13, item 8): from this release on no
-- tenant can create one. A role of that name made in another tenant before then would still put
-- "oid-admin" in its holders' tokens, with the same iss and aud as the platform administrator's:
-- rename it, keeping its holders, to was-<first 8 hex digits of its id>-<old name> (at most 64
-- characters, unique in its tenant, outside the reserved prefix). The platform tenant keeps its own.
UPDATE roles r
SET name = 'was-' || left(r.id::text, 8) || '-' || left(r.name, 51),
    version = r.version + 1
WHERE lower(r.name) LIKE 'oid-%'
  AND NOT EXISTS (SELECT 1 FROM tenants t WHERE t.id = r.tenant_id AND t.slug = 'platform');
