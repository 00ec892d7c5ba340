package com.orbusdigital.oid.event;

import com.orbusdigital.oid.persistence.AdvisoryLocks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The event_outbox table, always used inside the caller's transaction on the request's
 * EntityManager. {@code {h-schema}} is OID's schema, whatever the connection's search_path.
 */
@ApplicationScoped
public class EventOutbox {

    /** An event not yet acknowledged by the broker. */
    public record Pending(long id, SerializedEvent event) {}

    private EntityManager entityManager;

    protected EventOutbox() {
        // for the CDI proxy
    }

    @Inject
    public EventOutbox(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Appends the event in the current transaction. The tenant's lock is held until commit, so a
     * tenant's concurrent changes take their outbox ids in commit order: the relay, reading in id
     * order, never sees a later event of a tenant committed before an earlier one.
     */
    void append(CloudEvent event, Instant now) {
        SerializedEvent serialized = SerializedEvent.of(event);
        AdvisoryLocks.OUTBOX_TENANT.acquire(entityManager, serialized.tenantId());
        entityManager.createNativeQuery("""
                        INSERT INTO {h-schema}event_outbox (event_id, tenant_id, type, payload, created_at)
                        VALUES (?1, ?2, ?3, ?4, ?5)""")
                .setParameter(1, UUID.fromString(serialized.id()))
                .setParameter(2, UUID.fromString(serialized.tenantId()))
                .setParameter(3, serialized.type())
                .setParameter(4, serialized.json())
                .setParameter(5, now)
                .executeUpdate();
    }

    /** The oldest unpublished events, in publication order. */
    List<Pending> pending(int limit) {
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT id, event_id, tenant_id, type, payload FROM {h-schema}event_outbox
                        WHERE published_at IS NULL ORDER BY id LIMIT ?1""", Object[].class)
                .setParameter(1, limit)
                .getResultList();
        return rows.stream()
                .map(row -> new Pending(((Number) row[0]).longValue(), new SerializedEvent(
                        row[1].toString(), row[2].toString(), (String) row[3], (String) row[4])))
                .toList();
    }

    void markPublished(long id, Instant at) {
        entityManager.createNativeQuery("UPDATE {h-schema}event_outbox SET published_at = ?1 WHERE id = ?2")
                .setParameter(1, at)
                .setParameter(2, id)
                .executeUpdate();
    }

    /** Deletes at most {@code limit} events published before {@code cutoff}; answers how many. */
    int deletePublishedBefore(Instant cutoff, int limit) {
        // ids grow with time, so the oldest published rows are found first along the primary key
        return entityManager.createNativeQuery("""
                        DELETE FROM {h-schema}event_outbox WHERE id IN (
                            SELECT id FROM {h-schema}event_outbox
                            WHERE published_at < ?1 ORDER BY id LIMIT ?2)""")
                .setParameter(1, cutoff)
                .setParameter(2, limit)
                .executeUpdate();
    }

    /** Events not yet acknowledged by the broker. */
    long unpublished() {
        return ((Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM {h-schema}event_outbox WHERE published_at IS NULL", Long.class)
                .getSingleResult()).longValue();
    }
}
