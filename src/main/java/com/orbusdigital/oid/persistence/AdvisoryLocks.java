package com.orbusdigital.oid.persistence;

import jakarta.persistence.EntityManager;

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
     * Per tenant (see {@link #acquire(EntityManager, String)}): taken before an event is appended to
     * the outbox, so a tenant's changes commit in the order of their outbox ids.
     */
    OUTBOX_TENANT(0x6f69_6404L),
    /** Replicas starting together fill missing username skeletons one at a time (ends in 0a: migration V10's). */
    USERNAME_SKELETONS(0x6f69_640aL);

    private final long id;

    AdvisoryLocks(long id) {
        this.id = id;
    }

    /** Blocks until the lock is held; released at commit or rollback. */
    public void acquire(EntityManager entityManager) {
        entityManager.createNativeQuery("SELECT true FROM pg_advisory_xact_lock(?1)")
                .setParameter(1, id)
                .getSingleResult();
    }

    /** Takes the lock if no other transaction holds it, without waiting; released at commit or rollback. */
    public boolean tryAcquire(EntityManager entityManager) {
        return (Boolean) entityManager.createNativeQuery("SELECT pg_try_advisory_xact_lock(?1)", Boolean.class)
                .setParameter(1, id)
                .getSingleResult();
    }

    /**
     * Blocks until this lock is held for {@code key} (e.g. one tenant); released at commit or
     * rollback. Uses PostgreSQL's two-integer key space, which never meets the one-bigint locks
     * above; two keys hashing alike only wait for each other.
     */
    public void acquire(EntityManager entityManager, String key) {
        entityManager.createNativeQuery("SELECT true FROM pg_advisory_xact_lock(?1, hashtext(?2))")
                .setParameter(1, (int) id)
                .setParameter(2, key)
                .getSingleResult();
    }
}
