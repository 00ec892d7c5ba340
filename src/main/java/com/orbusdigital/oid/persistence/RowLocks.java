package com.orbusdigital.oid.persistence;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityNotFoundException;
import jakarta.persistence.LockModeType;
import java.util.Optional;

/**
 * Read-modify-write of one row without lost updates. A request's EntityManager may hold an entity
 * read earlier in the request (by the admin filter, or by a lookup before the change's transaction):
 * changed from that copy, the row would get back whatever other transactions committed meanwhile.
 * Re-read under a row lock ({@code SELECT … FOR UPDATE}) inside the change's transaction, the
 * entity is the current row, and every other change of that row waits until this one commits:
 * simultaneous changes take turns, each starting from the other's result.
 */
public final class RowLocks {

    private RowLocks() {}

    /** The entity refreshed from its row and locked until the transaction ends; empty when the row is gone. */
    public static <T> Optional<T> current(EntityManager entityManager, T entity) {
        try {
            entityManager.refresh(entity, LockModeType.PESSIMISTIC_WRITE);
            return Optional.of(entity);
        } catch (EntityNotFoundException deletedMeanwhile) {
            return Optional.empty();
        }
    }
}
