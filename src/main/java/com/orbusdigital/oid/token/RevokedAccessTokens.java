package com.orbusdigital.oid.token;

import com.orbusdigital.oid.persistence.PeriodicWork;
import com.orbusdigital.oid.persistence.RowMapper;
import com.orbusdigital.oid.persistence.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jtis of revoked, not yet expired access tokens: the table {@code revoked_access_tokens},
 * mirrored in memory so that {@link AccessTokenVerifier} checks a token without a database round
 * trip.
 * <p>
 * A revocation on this replica is in the set at once. Other replicas learn of it when their
 * background thread reloads the unexpired rows, every {@link #REFRESH_EVERY}: for at most that
 * long (plus a slow reload) a token revoked on one replica is still accepted by another. The set
 * holds only unexpired jtis, so its size is bounded by the tokens revoked within one token
 * lifetime. Expired rows are deleted by {@link com.orbusdigital.oid.persistence.Housekeeping}.
 */
@ApplicationScoped
public class RevokedAccessTokens implements PeriodicWork.Periodic {

    static final Duration REFRESH_EVERY = Duration.ofSeconds(5);

    private static final String REVOKE = """
            INSERT INTO {schema}.revoked_access_tokens (jti, tenant_id, client_id, revoked_at, expires_at)
            VALUES (:jti, :tenant, :client, :now, :expires_at) ON CONFLICT (jti) DO NOTHING""";
    /** An oid-admin's revocation by jti alone: whose token it was is not known. */
    private static final String REVOKE_JTI = """
            INSERT INTO {schema}.revoked_access_tokens (jti, revoked_at, expires_at)
            VALUES (:jti, :now, :expires_at) ON CONFLICT (jti) DO NOTHING""";
    /** A revoked jti and when its token expires, as statements that revoke answer them ({@code RETURNING jti, expires_at}). */
    public record Revoked(String jti, Instant expiresAt) {
        public static final RowMapper<Revoked> MAPPER = row -> new Revoked(row.string("jti"), row.instant("expires_at"));
    }

    private static final String UNEXPIRED = "SELECT jti, expires_at FROM {schema}.revoked_access_tokens WHERE expires_at > :now";

    private Rows rows;
    private Clock clock;
    /** jti → when the token expires (after which it need not be remembered). */
    private final Map<String, Instant> revoked = new ConcurrentHashMap<>();

    protected RevokedAccessTokens() {
        // for the CDI proxy
    }

    @Inject
    public RevokedAccessTokens(Rows rows, Clock clock) {
        this.rows = rows;
        this.clock = clock;
    }

    /**
     * Reloads every {@link #REFRESH_EVERY}. The first load runs before OID reports ready, so no
     * revoked token is accepted after a restart; the last loaded set stays in force while
     * PostgreSQL cannot be reached.
     */
    @Override
    public PeriodicWork.Step step() {
        return PeriodicWork.Step.every(REFRESH_EVERY, "oid-revoked-tokens", "Revoked access tokens: reloading", this::reload)
                .meanwhile("keeping the last known set")
                .beforeStart(this::reload);
    }

    /**
     * Remembers, in memory, jtis whose rows the caller has just inserted in its transaction (a
     * refresh token family or a replayed code revoked): refused here at once, by other replicas
     * at their next reload.
     */
    public void remember(List<Revoked> jtis) {
        jtis.forEach(jti -> revoked.put(jti.jti(), jti.expiresAt()));
    }

    /** Whether the token with this jti was revoked. Memory only: called on every verification. */
    public boolean isRevoked(String jti) {
        return revoked.containsKey(jti);
    }

    /**
     * Remembers the token as revoked until it expires; answers whether it was newly revoked (false
     * when it already was, so the caller announces it once). One statement: outside a transaction
     * it commits before returning, so the caller announces only a revocation that holds.
     */
    public boolean revoke(VerifiedAccessToken token, Instant now) {
        int inserted = rows.query(REVOKE)
                .set("jti", token.jti())
                .set("tenant", token.tenantId())
                .set("client", token.clientId())
                .set("now", now)
                .set("expires_at", token.expiresAt())
                .update();
        // before the commit: refusing a token a moment early is harmless, accepting it after the
        // revocation answered 200 is not (and a rollback only leaves it refused until it expires here)
        revoked.put(token.jti(), token.expiresAt());
        return inserted == 1;
    }

    /**
     * Remembers a jti an oid-admin revoked, whose token is not at hand: its tenant, client and expiry
     * are unknown, so it is remembered until {@code until} (the longest an access token lives). Answers
     * whether it was newly revoked; joins the caller's transaction.
     */
    public boolean revoke(String jti, Instant now, Instant until) {
        int inserted = rows.query(REVOKE_JTI).set("jti", jti).set("now", now).set("expires_at", until).update();
        // before the commit, as revoke(token) does
        revoked.putIfAbsent(jti, until);
        return inserted == 1;
    }

    /** Adds the other replicas' revocations and forgets expired ones; local ones stay until they expire. */
    void reload() {
        Instant now = clock.instant();
        // one statement, committed on its own
        remember(rows.query(UNEXPIRED).set("now", now).list(Revoked.MAPPER));
        revoked.values().removeIf(expiresAt -> !expiresAt.isAfter(now));
    }
}
