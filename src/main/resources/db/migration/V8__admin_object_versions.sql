-- The version of each object the admin API changes: JPA's @Version adds one with every change to the
-- object's own fields, and the admin API sends it as the object's ETag and compares it with If-Match.
-- Role assignments do not move it (they are a resource of their own), nor do sign-ins' counters.
ALTER TABLE tenants ADD COLUMN version bigint NOT NULL DEFAULT 0;
ALTER TABLE clients ADD COLUMN version bigint NOT NULL DEFAULT 0;
ALTER TABLE users   ADD COLUMN version bigint NOT NULL DEFAULT 0;
ALTER TABLE roles   ADD COLUMN version bigint NOT NULL DEFAULT 0;
