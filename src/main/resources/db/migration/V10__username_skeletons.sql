-- Look-alike usernames: the UTS #39 skeleton of each username (user.Usernames.skeleton), equal for
-- names that look alike ("admin", "admın", "ａｄｍｉｎ"), unique within a tenant, so that a new
-- username too similar to an existing one is refused even when two requests race.
-- The skeleton needs ICU4J's confusables data, so OID computes it, not SQL: rows are filled at start-up
-- (user.UsernameSkeletons) wherever it is NULL — the rows existing now, and any a replica of the
-- previous version writes during a rolling update. Usernames that already look like an earlier
-- one of their tenant keep NULL (NULLs never conflict): they still sign in, and the earlier name's
-- skeleton still keeps new look-alikes out.
ALTER TABLE users ADD COLUMN username_skeleton text;
CREATE UNIQUE INDEX users_tenant_username_skeleton_key ON users (tenant_id, username_skeleton);
-- the start-up fill finds the rows to do without reading the table
CREATE INDEX users_username_skeleton_missing_idx ON users (created_at, id) WHERE username_skeleton IS NULL;
