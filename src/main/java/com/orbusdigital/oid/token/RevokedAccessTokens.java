package com.orbusdigital.oid.token;

import com.orbusdigital.oid.persistence.PeriodicWork;
import com.orbusdigital.oid.persistence.Transactional;
import com.orbusdigital.oid.persistence.UnitOfWork;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
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

    private EntityManager entityManager;
    private UnitOfWork unitOfWork;
    private Clock clock;
    /** jti → when the token expires (after which it need not be remembered). */
    private final Map<String, Instant> revoked = new ConcurrentHashMap<>();

    protected RevokedAccessTokens() {
        // for the CDI proxy
    }

    @Inject
    public RevokedAccessTokens(EntityManager entityManager, UnitOfWork unitOfWork, Clock clock) {
        this.entityManager = entityManager;
        this.unitOfWork = unitOfWork;
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
    public void remember(Map<String, Instant> jtis) {
        revoked.putAll(jtis);
    }

    /** Whether the token with this jti was revoked. Memory only: called on every verification. */
    public boolean isRevoked(String jti) {
        return revoked.containsKey(jti);
    }

    /**
     * Remembers the token as revoked until it expires; answers whether it was newly revoked (false
     * when it already was, so the caller announces it once). Commits before returning, so the
     * caller announces only a revocation that holds.
     */
    @Transactional
    public boolean revoke(VerifiedAccessToken token, Instant now) {
        int inserted = entityManager.createNativeQuery("""
                        INSERT INTO {h-schema}revoked_access_tokens (jti, tenant_id, client_id, revoked_at, expires_at)
                        VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (jti) DO NOTHING""")
                .setParameter(1, token.jti())
                .setParameter(2, token.tenantId())
                .setParameter(3, token.clientId())
                .setParameter(4, now)
                .setParameter(5, token.expiresAt())
                .executeUpdate();
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
    @Transactional
    public boolean revoke(String jti, Instant now, Instant until) {
        int inserted = entityManager.createNativeQuery("""
                        INSERT INTO {h-schema}revoked_access_tokens (jti, revoked_at, expires_at)
                        VALUES (?1, ?2, ?3) ON CONFLICT (jti) DO NOTHING""")
                .setParameter(1, jti)
                .setParameter(2, now)
                .setParameter(3, until)
                .executeUpdate();
        // before the commit, as revoke(token) does
        revoked.putIfAbsent(jti, until);
        return inserted == 1;
    }

    /** Adds the other replicas' revocations and forgets expired ones; local ones stay until they expire. */
    void reload() {
        Instant now = clock.instant();
        List<Object[]> rows = unitOfWork.call(() -> entityManager.createNativeQuery(
                        "SELECT jti, expires_at FROM {h-schema}revoked_access_tokens WHERE expires_at > ?1", Object[].class)
                .setParameter(1, now)
                .getResultList());
        for (Object[] row : rows) {
            revoked.put((String) row[0], toInstant(row[1]));
        }
        revoked.values().removeIf(expiresAt -> !expiresAt.isAfter(now));
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass().getName());
    }
}
