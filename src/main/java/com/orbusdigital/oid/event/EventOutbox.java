package com.orbusdigital.oid.event;

import com.orbusdigital.oid.persistence.AdvisoryLocks;
import com.orbusdigital.oid.persistence.RowMapper;
import com.orbusdigital.oid.persistence.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The event_outbox table, always used inside the caller's transaction.
 */
@ApplicationScoped
public class EventOutbox {

    /** An event not yet acknowledged by the broker. */
    public record Pending(long id, SerializedEvent event) {}

    private static final String APPEND = """
            INSERT INTO {schema}.event_outbox (event_id, tenant_id, type, payload, created_at)
            VALUES (:event_id, :tenant, :type, :payload, :now)""";
    /** Issue 17: {@link #APPEND}'s statement writing nothing, for a request that must cost the same either way. */
    private static final String APPEND_NOTHING = """
            INSERT INTO {schema}.event_outbox (event_id, tenant_id, type, payload, created_at)
            SELECT :event_id, :tenant, :type, :payload, :now WHERE false""";
    private static final String PENDING = """
            SELECT id, event_id, tenant_id, type, payload FROM {schema}.event_outbox
            WHERE published_at IS NULL ORDER BY id LIMIT :limit""";
    private static final String MARK_PUBLISHED = "UPDATE {schema}.event_outbox SET published_at = :at WHERE id = :id";
    /** Ids grow with time, so the oldest published rows are found first along the primary key. */
    private static final String DELETE_PUBLISHED = """
            DELETE FROM {schema}.event_outbox WHERE id IN (
                SELECT id FROM {schema}.event_outbox WHERE published_at < :cutoff ORDER BY id LIMIT :limit)""";
    private static final String UNPUBLISHED = "SELECT count(*) AS unpublished FROM {schema}.event_outbox WHERE published_at IS NULL";

    private static final RowMapper<Pending> PENDING_EVENT = row -> new Pending(row.longValue("id"), new SerializedEvent(
            row.uuid("event_id").toString(), row.uuid("tenant_id").toString(), row.string("type"), row.string("payload")));

    private Rows rows;

    protected EventOutbox() {
        // for the CDI proxy
    }

    @Inject
    public EventOutbox(Rows rows) {
        this.rows = rows;
    }

    /**
     * Appends the event in the current transaction. The tenant's lock is held until commit, so a
     * tenant's concurrent changes take their outbox ids in commit order: the relay, reading in id
     * order, never sees a later event of a tenant committed before an earlier one.
     */
    void append(CloudEvent event, Instant now) {
        SerializedEvent serialized = SerializedEvent.of(event);
        AdvisoryLocks.OUTBOX_TENANT.acquire(rows, serialized.tenantId());
        rows.query(APPEND)
                .set("event_id", UUID.fromString(serialized.id()))
                .set("tenant", UUID.fromString(serialized.tenantId()))
                .set("type", serialized.type())
                .set("payload", serialized.json())
                .set("now", now)
                .update();
    }

    /** What {@link #append} does — the tenant's lock, the statement — writing nothing. */
    void appendNothing(CloudEvent event, Instant now) {
        SerializedEvent serialized = SerializedEvent.of(event);
        AdvisoryLocks.OUTBOX_TENANT.acquire(rows, serialized.tenantId());
        rows.query(APPEND_NOTHING)
                .set("event_id", UUID.fromString(serialized.id()))
                .set("tenant", UUID.fromString(serialized.tenantId()))
                .set("type", serialized.type())
                .set("payload", serialized.json())
                .set("now", now)
                .update();
    }

    /** The oldest unpublished events, in publication order. */
    List<Pending> pending(int limit) {
        return rows.query(PENDING).set("limit", limit).list(PENDING_EVENT);
    }

    void markPublished(long id, Instant at) {
        rows.query(MARK_PUBLISHED).set("at", at).set("id", id).update();
    }

    /** Deletes at most {@code limit} events published before {@code cutoff}; answers how many. */
    int deletePublishedBefore(Instant cutoff, int limit) {
        return rows.query(DELETE_PUBLISHED).set("cutoff", cutoff).set("limit", limit).update();
    }

    /** Events not yet acknowledged by the broker. */
    long unpublished() {
        return rows.query(UNPUBLISHED).one(row -> row.longValue("unpublished"));
    }
}
