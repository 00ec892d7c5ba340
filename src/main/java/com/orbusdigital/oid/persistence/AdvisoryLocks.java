package com.orbusdigital.oid.persistence;

/**
 * PostgreSQL transaction-scoped advisory locks: replicas starting together serialise their
 * start-up work (first signing key, bootstrap client) on the database alone, and only one replica
 * relays the event outbox at a time.
 */
public enum AdvisoryLocks {
    SIGNING_KEYS(0x6f69_6401L),
    BOOTSTRAP(0x6f69_6402L),
    /** Held by the replica relaying the event outbox: one relay at a time keeps the global order. */
    OUTBOX_RELAY(0x6f69_6403L),
    /**
     * Per tenant (see {@link #acquire(Rows, String)}): taken before an event is appended to
     * the outbox, so a tenant's changes commit in the order of their outbox ids.
     */
    OUTBOX_TENANT(0x6f69_6404L),
    /** Replicas starting together fill missing username skeletons one at a time (ends in 0a: migration V10's). */
    USERNAME_SKELETONS(0x6f69_640aL);

    private static final String ACQUIRE = "SELECT true AS held FROM pg_advisory_xact_lock(:id)";
    private static final String TRY_ACQUIRE = "SELECT pg_try_advisory_xact_lock(:id) AS held";
    private static final String ACQUIRE_FOR_KEY = "SELECT true AS held FROM pg_advisory_xact_lock(:id, hashtext(:key))";

    private final long id;

    AdvisoryLocks(long id) {
        this.id = id;
    }

    /** Blocks until the lock is held; released at commit or rollback. */
    public void acquire(Rows rows) {
        rows.query(ACQUIRE).set("id", id).one(row -> row.bool("held"));
    }

    /** Takes the lock if no other transaction holds it, without waiting; released at commit or rollback. */
    public boolean tryAcquire(Rows rows) {
        return rows.query(TRY_ACQUIRE).set("id", id).one(row -> row.bool("held"));
    }

    /**
     * Blocks until this lock is held for {@code key} (e.g. one tenant); released at commit or
     * rollback. Uses PostgreSQL's two-integer key space, which never meets the one-bigint locks
     * above; two keys hashing alike only wait for each other.
     */
    public void acquire(Rows rows, String key) {
        rows.query(ACQUIRE_FOR_KEY).set("id", (int) id).set("key", key).one(row -> row.bool("held"));
    }
}
