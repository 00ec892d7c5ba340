package com.orbusdigital.oid.session;

import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.crypto.Hashes;
import com.orbusdigital.oid.crypto.RandomValues;
import com.orbusdigital.oid.persistence.RowMapper;
import com.orbusdigital.oid.persistence.Rows;
import com.orbusdigital.oid.protocol.Proofs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

    private static final String START = """
            INSERT INTO {schema}.sessions (id, token_hash, tenant_id, user_id, auth_time, created_at, last_seen_at, expires_at,
                max_expires_at, factors)
            VALUES (:id, :hash, :tenant, :user, :auth_time, :now, :now, :expires_at, :max_expires_at, :factors)""";
    /** A new cookie value too: the session's privileges grew (no fixation of a weaker session's value). */
    private static final String STEP_UP = """
            UPDATE {schema}.sessions SET token_hash = :hash, factors = :factors, auth_time = :auth_time, last_seen_at = :now,
                expires_at = LEAST(:idle_expiry, max_expires_at)
            WHERE id = :id AND expires_at > :now
            RETURNING id, tenant_id, user_id, auth_time, expires_at, factors""";
    private static final String RESUME = """
            UPDATE {schema}.sessions SET last_seen_at = :now, expires_at = LEAST(:idle_expiry, max_expires_at)
            WHERE token_hash = :hash AND expires_at > :now
            RETURNING id, tenant_id, user_id, auth_time, expires_at, factors""";
    private static final String IS_LIVE = "SELECT 1 AS live FROM {schema}.sessions WHERE id = :id AND expires_at > :now";
    private static final String END = "DELETE FROM {schema}.sessions WHERE token_hash = :hash"
            + " RETURNING id, tenant_id, user_id, auth_time, expires_at, factors";

    private static final String OF_USER = """
            SELECT id, tenant_id, user_id, auth_time, expires_at, factors, created_at, last_seen_at FROM {schema}.sessions
            WHERE user_id = :user AND expires_at > :now ORDER BY last_seen_at DESC LIMIT 100""";
    private static final String END_BY_ID = "DELETE FROM {schema}.sessions WHERE id = :id"
            + " RETURNING id, tenant_id, user_id, auth_time, expires_at, factors";

    private static final String END_OF_USER = "DELETE FROM {schema}.sessions WHERE user_id = :user"
            + " RETURNING id, tenant_id, user_id, auth_time, expires_at, factors";

    private static final RowMapper<SignInSession> SESSION = row -> new SignInSession(row.uuid("id"), row.uuid("tenant_id"),
            row.uuid("user_id"), row.instant("auth_time"), row.instant("expires_at"), Proofs.decode(row.string("factors")));

    private Rows rows;
    private Clock clock;
    private Duration idle;
    private Duration max;

    protected Sessions() {
        // for the CDI proxy
    }

    @Inject
    public Sessions(Rows rows, Clock clock, OidConfig config) {
        this.rows = rows;
        this.clock = clock;
        this.idle = config.signIn().sessionIdle();
        this.max = config.signIn().sessionMax();
    }

    /** A new session for a user who has just proved {@code proofs}. */
    public Started start(UUID tenantId, UUID userId, Proofs proofs) {
        Instant now = clock.instant();
        // auth_time is whole seconds in the ID token, as proofs keep them
        Instant authTime = proofs.authTime().orElse(Instant.ofEpochSecond(now.getEpochSecond()));
        Instant maxExpiry = now.plus(max);
        Instant expiry = earliest(now.plus(idle), maxExpiry);
        UUID id = UUID.randomUUID();
        String value = RandomValues.base64url(32);
        rows.query(START)
                .set("id", id)
                .set("hash", Hashes.sha256(value))
                .set("tenant", tenantId)
                .set("user", userId)
                .set("auth_time", authTime)
                .set("now", now)
                .set("expires_at", expiry)
                .set("max_expires_at", maxExpiry)
                .set("factors", proofs.encode())
                .update();
        return new Started(new SignInSession(id, tenantId, userId, authTime, expiry, proofs), value);
    }

    /**
     * The session, having proved more ({@code proofs}: all it has proved now), under a new cookie
     * value; empty when it ended meanwhile.
     */
    public Optional<Started> stepUp(UUID sessionId, Proofs proofs) {
        Instant now = clock.instant();
        String value = RandomValues.base64url(32);
        return rows.query(STEP_UP)
                .set("id", sessionId)
                .set("hash", Hashes.sha256(value))
                .set("factors", proofs.encode())
                .set("auth_time", proofs.authTime().orElse(Instant.ofEpochSecond(now.getEpochSecond())))
                .set("now", now)
                .set("idle_expiry", now.plus(idle))
                .optional(SESSION)
                .map(session -> new Started(session, value));
    }

    /** The live session the cookie names, its idle expiry moved forward; empty when it ended or never was. */
    public Optional<SignInSession> resume(String cookieValue) {
        Instant now = clock.instant();
        return rows.query(RESUME)
                .set("now", now)
                .set("idle_expiry", now.plus(idle))
                .set("hash", Hashes.sha256(cookieValue))
                .optional(SESSION);
    }

    /** Whether the session is still live (without touching it). */
    public boolean isLive(UUID sessionId) {
        return rows.query(IS_LIVE).set("id", sessionId).set("now", clock.instant()).optional(row -> true).isPresent();
    }

    /** Ends the session the cookie names; the ended session, or empty when there was none. */
    public Optional<SignInSession> end(String cookieValue) {
        return rows.query(END).set("hash", Hashes.sha256(cookieValue)).optional(SESSION);
    }

    /** A live session as its user sees it in their list. */
    public record Listed(SignInSession session, Instant createdAt, Instant lastSeenAt) {}

    /** The user's live sessions, most recently used first (at most 100). */
    public List<Listed> ofUser(UUID userId) {
        return rows.query(OF_USER).set("user", userId).set("now", clock.instant())
                .list(row -> new Listed(SESSION.map(row), row.instant("created_at"), row.instant("last_seen_at")));
    }

    /** Ends the session with this id; the ended session, or empty when it had ended already. */
    public Optional<SignInSession> endById(UUID sessionId) {
        return rows.query(END_BY_ID).set("id", sessionId).optional(SESSION);
    }

    /** Ends every session of the user, live or not yet swept (issue 18: each is told to the clients it served); those ended. */
    public List<SignInSession> endAllOf(UUID userId) {
        return rows.query(END_OF_USER).set("user", userId).list(SESSION);
    }

    // --- issue 18, federation: sessions started through a tenant's provider ---
    private static final String REMEMBER_UPSTREAM = """
            UPDATE {schema}.sessions SET upstream_provider_id = :provider, upstream_subject = :subject, upstream_sid = :sid
            WHERE token_hash = :hash""";
    /** The provider's sessions of that subject: the one with that sid, or all of them without one. */
    private static final String END_UPSTREAM = """
            DELETE FROM {schema}.sessions WHERE upstream_provider_id = :provider AND upstream_subject = :subject
                AND (CAST(:sid AS text) IS NULL OR upstream_sid = :sid)
            RETURNING id, tenant_id, user_id, auth_time, expires_at, factors""";

    /** Remembers that the session the cookie names was started through this provider's sign-in of {@code subject}. */
    public void rememberUpstream(String cookieValue, UUID providerId, String subject, Optional<String> sid) {
        rows.query(REMEMBER_UPSTREAM).set("hash", Hashes.sha256(cookieValue)).set("provider", providerId).set("subject", subject)
                .set("sid", sid).update();
    }

    /**
     * The federated sessions of the user linked to that subject which do not know their upstream
     * session: those completed after a second factor of OID's (the pending sign-in in between does not
     * carry the provider's sid). Which of them the provider ended cannot be told, so all of them end:
     * a logout reaches more sessions, never fewer.
     */
    private static final String END_UNTRACKED_UPSTREAM = """
            DELETE FROM {schema}.sessions s USING {schema}.federated_identities f
            WHERE f.provider_id = :provider AND f.subject = :subject AND s.user_id = f.user_id
                AND s.upstream_provider_id IS NULL AND s.factors ~ '(^| )federated(_mfa)?:'
            RETURNING s.id, s.tenant_id, s.user_id, s.auth_time, s.expires_at, s.factors""";

    /**
     * The provider said {@code subject} signed out (its session {@code sid}, or all of them): the sessions
     * started through it end (and the untracked ones above), in the caller's transaction; the ended
     * sessions (whose applications may then be told).
     */
    public List<SignInSession> endUpstream(UUID providerId, String subject, Optional<String> sid) {
        List<SignInSession> ended = new ArrayList<>(
                rows.query(END_UPSTREAM).set("provider", providerId).set("subject", subject).set("sid", sid).list(SESSION));
        ended.addAll(rows.query(END_UNTRACKED_UPSTREAM).set("provider", providerId).set("subject", subject).list(SESSION));
        return ended;
    }
    // --- end of issue 18, federation ---

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
