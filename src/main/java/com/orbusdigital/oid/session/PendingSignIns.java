package com.orbusdigital.oid.session;

import com.orbusdigital.oid.crypto.Hashes;
import com.orbusdigital.oid.crypto.RandomValues;
import com.orbusdigital.oid.persistence.Row;
import com.orbusdigital.oid.persistence.RowMapper;
import com.orbusdigital.oid.persistence.Rows;
import com.orbusdigital.oid.protocol.Proofs;
import com.orbusdigital.oid.web.BrowserCookies;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Sign-ins under way between their steps, in PostgreSQL (any replica answers the next step). The
 * browser holds a 256-bit random value in a cookie ({@link BrowserCookies#signIn}); the table holds
 * its SHA-256. Ten minutes to finish; the row goes when the sign-in completes. One statement a step.
 */
@ApplicationScoped
public class PendingSignIns {

    public static final Duration LIFETIME = Duration.ofSeconds(BrowserCookies.SIGN_IN_MAX_AGE_SECONDS);

    /** A pending sign-in just started, and the value for its cookie (shown to the browser only). */
    public record Started(PendingSignIn pending, String cookieValue) {
        @Override
        public String toString() {
            return "Started[" + pending + "]";
        }
    }

    private static final String COLUMNS = "id, tenant_id, user_id, session_id, factors, enrolled, expires_at";
    private static final String START = """
            INSERT INTO {schema}.sign_in_flows (id, handle_hash, tenant_id, user_id, session_id, factors, created_at, expires_at)
            VALUES (:id, :hash, :tenant, :user, :session, :factors, :now, :expires_at)""";
    private static final String FIND = "SELECT " + COLUMNS + " FROM {schema}.sign_in_flows WHERE handle_hash = :hash AND expires_at > :now";
    /** FIND and TAKE_CHALLENGE in one statement: the row as it is, with the challenge it had; it keeps none. */
    private static final String FIND_TAKING_CHALLENGE = """
            UPDATE {schema}.sign_in_flows f SET challenge = NULL
            FROM (SELECT id, challenge FROM {schema}.sign_in_flows WHERE handle_hash = :hash AND expires_at > :now FOR UPDATE) old
            WHERE f.id = old.id
            RETURNING f.id, f.tenant_id, f.user_id, f.session_id, f.factors, f.enrolled, f.expires_at, old.challenge AS challenge""";
    /** Also who it signs in, once known (a passkey's user handle): never someone else than a user already set. */
    private static final String PROVE = """
            UPDATE {schema}.sign_in_flows SET user_id = :user, factors = :factors, enrolled = enrolled OR :enrolled
            WHERE id = :id AND expires_at > :now AND (user_id IS NULL OR user_id = :user) RETURNING\s""" + COLUMNS;
    /** Ended as it completes: only while it is live and for no one else (two posts of one step: one finds it). */
    private static final String FINISH = """
            DELETE FROM {schema}.sign_in_flows WHERE id = :id AND expires_at > :now AND (user_id IS NULL OR user_id = :user)
            RETURNING id""";
    private static final String SET_CHALLENGE = "UPDATE {schema}.sign_in_flows SET challenge = :challenge WHERE id = :id";
    /** The challenge, and none left: of two concurrent assertions only one finds it. */
    private static final String TAKE_CHALLENGE = """
            UPDATE {schema}.sign_in_flows f SET challenge = NULL
            FROM (SELECT id, challenge FROM {schema}.sign_in_flows WHERE id = :id AND expires_at > :now FOR UPDATE) old
            WHERE f.id = old.id AND old.challenge IS NOT NULL RETURNING old.challenge AS challenge""";
    private static final String END = "DELETE FROM {schema}.sign_in_flows WHERE id = :id";

    private static final RowMapper<PendingSignIn> PENDING = row -> pending(row, Optional.empty());
    private static final RowMapper<PendingSignIn> PENDING_WITH_CHALLENGE = row -> pending(row,
            Optional.of(new PendingSignIn.TakenChallenge(row.optionalBytes("challenge"))));

    private Rows rows;
    private Clock clock;

    protected PendingSignIns() {
        // for the CDI proxy
    }

    @Inject
    public PendingSignIns(Rows rows, Clock clock) {
        this.rows = rows;
        this.clock = clock;
    }

    /**
     * A new pending sign-in in the tenant, for {@code userId} once known, stepping {@code sessionId}
     * up if given, having proved {@code proofs}.
     */
    public Started start(UUID tenantId, Optional<UUID> userId, Optional<UUID> sessionId, Proofs proofs) {
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        String value = RandomValues.base64url(32);
        Instant expiresAt = now.plus(LIFETIME);
        rows.query(START)
                .set("id", id)
                .set("hash", Hashes.sha256(value))
                .set("tenant", tenantId)
                .set("user", userId)
                .set("session", sessionId)
                .set("factors", proofs.encode())
                .set("now", now)
                .set("expires_at", expiresAt)
                .update();
        return new Started(new PendingSignIn(id, tenantId, userId, sessionId, proofs, false, Optional.empty(), expiresAt), value);
    }

    /** The live pending sign-in the cookie names; empty when it ended, expired or never was. */
    public Optional<PendingSignIn> find(String cookieValue) {
        return rows.query(FIND).set("hash", Hashes.sha256(cookieValue)).set("now", clock.instant()).optional(PENDING);
    }

    /**
     * The same, and the WebAuthn challenge of the page shown last taken from it in the same
     * statement ({@link PendingSignIn#taken()}): for a request that brings an assertion, which then
     * needs no statement of its own to consume the challenge. Of two concurrent reads only one finds it.
     */
    public Optional<PendingSignIn> findTakingChallenge(String cookieValue) {
        return rows.query(FIND_TAKING_CHALLENGE).set("hash", Hashes.sha256(cookieValue)).set("now", clock.instant())
                .optional(PENDING_WITH_CHALLENGE);
    }

    private static PendingSignIn pending(Row row, Optional<PendingSignIn.TakenChallenge> taken) throws SQLException {
        return new PendingSignIn(row.uuid("id"), row.uuid("tenant_id"), row.optionalUuid("user_id"), row.optionalUuid("session_id"),
                Proofs.decode(row.string("factors")), row.bool("enrolled"), taken, row.instant("expires_at"));
    }

    /**
     * Records what {@code userId} has proved now ({@code proofs}: all of it), and that it signs them
     * in; empty when it expired meanwhile or is someone else's.
     */
    public Optional<PendingSignIn> prove(UUID id, UUID userId, Proofs proofs, boolean enrolled) {
        return rows.query(PROVE).set("id", id).set("user", userId).set("factors", proofs.encode()).set("enrolled", enrolled)
                .set("now", clock.instant()).optional(PENDING);
    }

    /** Ends it as the sign-in of {@code userId} completes; false when it expired, ended meanwhile or is someone else's. */
    public boolean finish(UUID id, UUID userId) {
        return rows.query(FINISH).set("id", id).set("user", userId).set("now", clock.instant()).optional(row -> row.uuid("id")).isPresent();
    }

    /** Remembers the WebAuthn challenge the page about to be shown carries. */
    public void challenge(UUID id, byte[] challenge) {
        rows.query(SET_CHALLENGE).set("id", id).set("challenge", challenge).update();
    }

    /** The challenge last shown, consumed: a second assertion against it finds none. */
    public Optional<byte[]> takeChallenge(UUID id) {
        return rows.query(TAKE_CHALLENGE).set("id", id).set("now", clock.instant()).optional(row -> row.bytes("challenge"));
    }

    public void end(UUID id) {
        rows.query(END).set("id", id).update();
    }
}
