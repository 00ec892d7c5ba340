package com.orbusdigital.oid.session.backchannel;

import com.orbusdigital.oid.persistence.Rows;
import com.orbusdigital.oid.session.SignInSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Issue 18: the sending side of OpenID Connect Back-Channel Logout 1.0, as the code that ends
 * sessions calls it. {@link #sessionsEnded} runs in the transaction that ended them and writes one
 * row of the {@code backchannel_logouts} outbox per (session, client it served with a
 * {@code backchannel_logout_uri}); {@link BackChannelRelay} signs and POSTs the logout tokens later,
 * so a sign-out never waits for an application. A session that merely expires calls nothing here:
 * the spec is about logouts.
 */
@ApplicationScoped
public class BackChannelLogouts {

    /**
     * The clients the session served (written with its codes), taken — so a session is told once —
     * and those of the session's tenant with a URI queued. One statement per session.
     */
    private static final String QUEUE = """
            WITH served AS (DELETE FROM {schema}.session_clients WHERE session_id = :session RETURNING client_id)
            INSERT INTO {schema}.backchannel_logouts (tenant_id, client_id, session_id, user_id, created_at, next_attempt_at)
            SELECT c.tenant_id, c.id, :session, :user, :now, :now
            FROM served JOIN {schema}.clients c ON c.id = served.client_id
            WHERE c.tenant_id = :tenant AND c.backchannel_logout_uri IS NOT NULL""";

    private Rows rows;
    private Clock clock;

    protected BackChannelLogouts() {
        // for the CDI proxy
    }

    @Inject
    public BackChannelLogouts(Rows rows, Clock clock) {
        this.rows = rows;
        this.clock = clock;
    }

    /**
     * Queues the logout tokens of sessions just ended, in the caller's transaction (they are sent
     * if and only if the ending commits); how many.
     */
    public int sessionsEnded(List<SignInSession> ended) {
        Instant now = clock.instant();
        int queued = 0;
        for (SignInSession session : ended) {
            queued += rows.query(QUEUE).set("session", session.id()).set("user", session.userId()).set("tenant", session.tenantId())
                    .set("now", now).update();
        }
        return queued;
    }
}
