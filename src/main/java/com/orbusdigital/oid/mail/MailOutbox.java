package com.orbusdigital.oid.mail;

import com.orbusdigital.oid.persistence.RowMapper;
import com.orbusdigital.oid.persistence.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The mail_outbox table, always used inside the caller's transaction: a message appended in the
 * transaction of the change it announces, then taken by one relay at a time, row by row.
 */
@ApplicationScoped
public class MailOutbox {

    /** A message due for an attempt, its row locked by this transaction. */
    record Due(long id, String messageId, UUID tenantId, String kind, Optional<byte[]> sealed, int attempts, Instant createdAt) {
        @Override
        public String toString() {
            return "Due[" + kind + " " + messageId + "]";
        }
    }

    /**
     * {@code :real} false writes nothing but costs the same statement and round trip: a request that
     * must not reveal whether it sends anything (the forgotten password) runs it either way.
     */
    private static final String APPEND = """
            INSERT INTO {schema}.mail_outbox (message_id, tenant_id, kind, sealed, created_at, next_attempt_at)
            SELECT :message_id, :tenant, :kind, :sealed, :now, :now WHERE :real""";
    /** The oldest due message no other relay holds: one row, one replica, until its outcome commits. */
    private static final String NEXT_DUE = """
            SELECT id, message_id, tenant_id, kind, sealed, attempts, created_at FROM {schema}.mail_outbox
            WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= :now
            ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED""";
    private static final String SENT = """
            UPDATE {schema}.mail_outbox SET sent_at = :now, sealed = NULL, attempts = attempts + 1, last_error = NULL WHERE id = :id""";
    private static final String RETRY = """
            UPDATE {schema}.mail_outbox SET attempts = attempts + 1, next_attempt_at = :next, last_error = :error WHERE id = :id""";
    private static final String GIVEN_UP = """
            UPDATE {schema}.mail_outbox SET failed_at = :now, sealed = NULL, attempts = attempts + 1, last_error = :error WHERE id = :id""";
    private static final String DELETE_DONE = """
            DELETE FROM {schema}.mail_outbox WHERE id IN (
                SELECT id FROM {schema}.mail_outbox WHERE (sent_at IS NOT NULL OR failed_at IS NOT NULL) AND created_at < :cutoff
                ORDER BY created_at LIMIT :limit)""";
    private static final String WAITING = "SELECT count(*) AS waiting FROM {schema}.mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL";

    private static final RowMapper<Due> DUE = row -> new Due(row.longValue("id"), row.string("message_id"), row.uuid("tenant_id"),
            row.string("kind"), row.optionalBytes("sealed"), row.intValue("attempts"), row.instant("created_at"));

    private Rows rows;

    protected MailOutbox() {
        // for the CDI proxy
    }

    @Inject
    public MailOutbox(Rows rows) {
        this.rows = rows;
    }

    void append(String messageId, UUID tenantId, String kind, byte[] sealed, Instant now, boolean real) {
        rows.query(APPEND).set("message_id", messageId).set("tenant", tenantId).set("kind", kind).set("sealed", sealed)
                .set("now", now).set("real", real).update();
    }

    Optional<Due> nextDue(Instant now) {
        return rows.query(NEXT_DUE).set("now", now).optional(DUE);
    }

    void sent(long id, Instant now) {
        rows.query(SENT).set("id", id).set("now", now).update();
    }

    void retry(long id, Instant next, String error) {
        rows.query(RETRY).set("id", id).set("next", next).set("error", error).update();
    }

    void givenUp(long id, Instant now, String error) {
        rows.query(GIVEN_UP).set("id", id).set("now", now).set("error", error).update();
    }

    int deleteDoneBefore(Instant cutoff, int limit) {
        return rows.query(DELETE_DONE).set("cutoff", cutoff).set("limit", limit).update();
    }

    /** Messages not yet sent nor given up. */
    public long waiting() {
        return rows.query(WAITING).one(row -> row.longValue("waiting"));
    }
}
