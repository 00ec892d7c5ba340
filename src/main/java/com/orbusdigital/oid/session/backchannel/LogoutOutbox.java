package com.orbusdigital.oid.session.backchannel;

import com.orbusdigital.oid.persistence.RowMapper;
import com.orbusdigital.oid.persistence.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The backchannel_logouts table as the relay uses it, inside the relay's transaction: the oldest due
 * row no other replica holds, with its client's URI as it is now, then its outcome.
 */
@ApplicationScoped
public class LogoutOutbox {

    /**
     * A logout due for an attempt, its row locked by this transaction.
     *
     * @param uri the client's backchannel_logout_uri now; empty when it was removed meanwhile
     */
    record Due(long id, UUID tenantId, String clientId, UUID sessionId, UUID userId, Optional<String> uri, int attempts,
               Instant createdAt) {}

    private static final String NEXT_DUE = """
            SELECT b.id, b.tenant_id, c.client_id, b.session_id, b.user_id, c.backchannel_logout_uri, b.attempts, b.created_at
            FROM {schema}.backchannel_logouts b JOIN {schema}.clients c ON c.id = b.client_id
            WHERE b.next_attempt_at <= :now
            ORDER BY b.next_attempt_at, b.id LIMIT 1 FOR UPDATE OF b SKIP LOCKED""";
    /** Delivered or given up: the event says which; nothing is kept that could sign a token again. */
    private static final String DONE = "DELETE FROM {schema}.backchannel_logouts WHERE id = :id";
    private static final String RETRY = """
            UPDATE {schema}.backchannel_logouts SET attempts = attempts + 1, next_attempt_at = :next, last_error = :error
            WHERE id = :id""";

    private static final RowMapper<Due> DUE = row -> new Due(row.longValue("id"), row.uuid("tenant_id"), row.string("client_id"),
            row.uuid("session_id"), row.uuid("user_id"), row.optionalString("backchannel_logout_uri"), row.intValue("attempts"),
            row.instant("created_at"));

    private Rows rows;

    protected LogoutOutbox() {
        // for the CDI proxy
    }

    @Inject
    public LogoutOutbox(Rows rows) {
        this.rows = rows;
    }

    Optional<Due> nextDue(Instant now) {
        return rows.query(NEXT_DUE).set("now", now).optional(DUE);
    }

    void done(long id) {
        rows.query(DONE).set("id", id).update();
    }

    void retry(long id, Instant next, String error) {
        rows.query(RETRY).set("id", id).set("next", next).set("error", error).update();
    }
}
