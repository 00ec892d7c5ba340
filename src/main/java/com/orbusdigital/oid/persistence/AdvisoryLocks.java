package com.orbusdigital.oid.persistence;

import jakarta.persistence.EntityManager;

/**
 * PostgreSQL transaction-scoped advisory locks: replicas starting together serialise their
 * start-up work (first signing key, bootstrap client) on the database alone.
 */
public enum AdvisoryLocks {
    SIGNING_KEYS(0x6f69_6401L),
    BOOTSTRAP(0x6f69_6402L);

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
}
