package com.orbusdigital.oid.session;

import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.crypto.Hashes;
import com.orbusdigital.oid.crypto.RandomValues;
import com.orbusdigital.oid.persistence.Rows;
import com.orbusdigital.oid.persistence.Transactional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Sign-in sessions, kept in PostgreSQL so that every replica knows them (no sticky sessions). The
 * browser holds a 256-bit random value; the table holds its SHA-256 — a fast hash is enough for a
 * value with that much entropy, and a leaked table signs no one in. A session ends when unused for
 * OID_SESSION_IDLE_SECS or OID_SESSION_MAX_SECS after sign-in, whichever comes first.
 */
@ApplicationScoped
public class Sessions {

    /** A session just started, and the value for its cookie (shown to the browser only). */
    public record Started(SignInSession session, String cookieValue) {
        @Override
        public String toString() {
            return "Started[" + session + "]";
        }
    }

    private static final String COLUMNS = "id, tenant_id, user_id, auth_time, expires_at";

    private EntityManager entityManager;
    private Clock clock;
    private Duration idle;
    private Duration max;

    protected Sessions() {
        // for the CDI proxy
    }

    @Inject
    public Sessions(EntityManager entityManager, Clock clock, OidConfig config) {
        this.entityManager = entityManager;
        this.clock = clock;
        this.idle = config.signIn().sessionIdle();
        this.max = config.signIn().sessionMax();
    }

    /** A new session for a user who has just given their password. */
    @Transactional
    public Started start(UUID tenantId, UUID userId) {
        Instant now = clock.instant();
        Instant authTime = Instant.ofEpochSecond(now.getEpochSecond()); // auth_time is whole seconds in the ID token
        Instant maxExpiry = now.plus(max);
        Instant expiry = earliest(now.plus(idle), maxExpiry);
        UUID id = UUID.randomUUID();
        String value = RandomValues.base64url(32);
        entityManager.createNativeQuery("""
                        INSERT INTO {h-schema}sessions (id, token_hash, tenant_id, user_id, auth_time, created_at, last_seen_at, expires_at, max_expires_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8)""")
                .setParameter(1, id)
                .setParameter(2, Hashes.sha256(value))
                .setParameter(3, tenantId)
                .setParameter(4, userId)
                .setParameter(5, authTime)
                .setParameter(6, now)
                .setParameter(7, expiry)
                .setParameter(8, maxExpiry)
                .executeUpdate();
        return new Started(new SignInSession(id, tenantId, userId, authTime, expiry), value);
    }

    /** The live session the cookie names, its idle expiry moved forward; empty when it ended or never was. */
    @Transactional
    public Optional<SignInSession> resume(String cookieValue) {
        Instant now = clock.instant();
        List<Object[]> rows = entityManager.createNativeQuery("""
                        UPDATE {h-schema}sessions SET last_seen_at = ?1, expires_at = LEAST(?2, max_expires_at)
                        WHERE token_hash = ?3 AND expires_at > ?1
                        RETURNING\s""" + COLUMNS, Object[].class)
                .setParameter(1, now)
                .setParameter(2, now.plus(idle))
                .setParameter(3, Hashes.sha256(cookieValue))
                .getResultList();
        return rows.stream().findFirst().map(Sessions::session);
    }

    /** Whether the session is still live (without touching it). */
    @Transactional
    public boolean isLive(UUID sessionId) {
        return !entityManager.createNativeQuery("SELECT 1 FROM {h-schema}sessions WHERE id = ?1 AND expires_at > ?2")
                .setParameter(1, sessionId)
                .setParameter(2, clock.instant())
                .getResultList().isEmpty();
    }

    /** Ends the session the cookie names; the ended session, or empty when there was none. */
    @Transactional
    public Optional<SignInSession> end(String cookieValue) {
        List<Object[]> rows = entityManager.createNativeQuery(
                        "DELETE FROM {h-schema}sessions WHERE token_hash = ?1 RETURNING " + COLUMNS, Object[].class)
                .setParameter(1, Hashes.sha256(cookieValue))
                .getResultList();
        return rows.stream().findFirst().map(Sessions::session);
    }

    private static SignInSession session(Object[] row) {
        return new SignInSession(Rows.uuid(row[0]), Rows.uuid(row[1]), Rows.uuid(row[2]), Rows.instant(row[3]), Rows.instant(row[4]));
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
