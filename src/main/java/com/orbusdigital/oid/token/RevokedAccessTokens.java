package com.orbusdigital.oid.token;

import com.orbusdigital.oid.persistence.DatabaseReady;
import com.orbusdigital.oid.persistence.Transactional;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityTransaction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jtis of revoked, not yet expired access tokens: the table {@code revoked_access_tokens},
 * mirrored in memory so that {@link AccessTokenVerifier} checks a token without a database round
 * trip.
 * <p>
 * A revocation on this replica is in the set at once. Other replicas learn of it when their
 * background thread reloads the unexpired rows, every {@link #REFRESH_EVERY}: for at most that
 * long (plus a slow reload) a token revoked on one replica is still accepted by another. The set
 * holds only unexpired jtis, so its size is bounded by the tokens revoked within one token
 * lifetime. The same thread deletes expired rows in small batches, so the table never grows
 * without bound and no separate job has to run.
 */
@ApplicationScoped
public class RevokedAccessTokens {

    private static final Logger LOG = LoggerFactory.getLogger(RevokedAccessTokens.class);
    static final Duration REFRESH_EVERY = Duration.ofSeconds(5);
    static final Duration PURGE_EVERY = Duration.ofSeconds(15);
    static final int PURGE_BATCH = 500;
    /** Between purge batches: other transactions on the table get their turn. */
    static final Duration PURGE_PAUSE = Duration.ofMillis(200);

    private EntityManager entityManager;
    private Instance<RequestContextController> requestContexts;
    private Clock clock;
    /** jti → when the token expires (after which it need not be remembered). */
    private final Map<String, Instant> revoked = new ConcurrentHashMap<>();
    private Thread thread;
    private volatile boolean running;

    protected RevokedAccessTokens() {
        // for the CDI proxy
    }

    @Inject
    public RevokedAccessTokens(EntityManager entityManager, Instance<RequestContextController> requestContexts, Clock clock) {
        this.entityManager = entityManager;
        this.requestContexts = requestContexts;
        this.clock = clock;
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
     * The table exists once the database is migrated. The first load runs here, before OID reports
     * ready, so no revoked token is accepted after a restart; start-up may fire this more than once.
     */
    void onDatabaseReady(@Observes DatabaseReady ready) {
        reload();
        start();
    }

    private synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "oid-revoked-tokens");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        Instant nextPurge = clock.instant();
        boolean failing = false;
        while (running) {
            try {
                if (!clock.instant().isBefore(nextPurge)) {
                    nextPurge = clock.instant().plus(PURGE_EVERY);
                    purgeExpired();
                }
                reload();
                if (failing) {
                    LOG.info("Revoked access tokens: reloading again");
                    failing = false;
                }
            } catch (RuntimeException | LinkageError failure) {
                if (!running) {
                    return; // undeploying: the pool or the class loader is already gone
                }
                if (!failing) { // one line per outage; the last loaded set stays in force meanwhile
                    LOG.warn("Revoked access tokens: reloading failed ({}); keeping the last known set and retrying every {}s",
                            failure.getClass().getSimpleName() + ": " + failure.getMessage(), REFRESH_EVERY.toSeconds());
                    failing = true;
                }
            }
            if (!sleep(REFRESH_EVERY)) {
                return;
            }
        }
    }

    /** Adds the other replicas' revocations and forgets expired ones; local ones stay until they expire. */
    void reload() {
        Instant now = clock.instant();
        List<Object[]> rows = inTransaction(() -> entityManager.createNativeQuery(
                        "SELECT jti, expires_at FROM {h-schema}revoked_access_tokens WHERE expires_at > ?1", Object[].class)
                .setParameter(1, now)
                .getResultList());
        for (Object[] row : rows) {
            revoked.put((String) row[0], toInstant(row[1]));
        }
        revoked.values().removeIf(expiresAt -> !expiresAt.isAfter(now));
    }

    /** Deletes expired rows, {@link #PURGE_BATCH} per short transaction with a pause between, never a long lock. */
    void purgeExpired() {
        while (running) {
            Instant now = clock.instant();
            int deleted = inTransaction(() -> entityManager.createNativeQuery("""
                            DELETE FROM {h-schema}revoked_access_tokens WHERE jti IN (
                                SELECT jti FROM {h-schema}revoked_access_tokens
                                WHERE expires_at <= ?1 ORDER BY expires_at LIMIT ?2)""")
                    .setParameter(1, now)
                    .setParameter(2, PURGE_BATCH)
                    .executeUpdate());
            if (deleted < PURGE_BATCH || !sleep(PURGE_PAUSE)) {
                return;
            }
        }
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

    /** Runs {@code work} in a transaction of its own, in a request context (and so an EntityManager) of its own if needed. */
    private <T> T inTransaction(Supplier<T> work) {
        RequestContextController requestContext = requestContexts.get();
        boolean activated = requestContext.activate();
        try {
            EntityTransaction transaction = entityManager.getTransaction();
            if (transaction.isActive()) {
                return work.get();
            }
            transaction.begin();
            try {
                T result = work.get();
                transaction.commit();
                return result;
            } finally {
                if (transaction.isActive()) {
                    transaction.rollback();
                }
            }
        } finally {
            if (activated) {
                requestContext.deactivate();
            }
            requestContexts.destroy(requestContext);
        }
    }

    /** Sleeps; false when interrupted, i.e. stopping. */
    private boolean sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
            return running;
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops the thread before any application-scoped bean is destroyed, so it never reads through a closed pool. */
    void onShutdown(@Observes(notifyObserver = Reception.IF_EXISTS) @BeforeDestroyed(ApplicationScoped.class) Object event) {
        stop();
    }

    @PreDestroy
    void stop() {
        Thread worker;
        synchronized (this) {
            running = false;
            worker = thread;
        }
        if (worker != null) {
            worker.interrupt();
            try {
                worker.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
