package com.orbusdigital.oid.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.persistence.BackgroundLoop;
import com.orbusdigital.oid.persistence.DatabaseReady;
import com.orbusdigital.oid.persistence.UnitOfWork;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.hibernate.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clients by {@code client_id}, kept in memory so that a token request of a known client needs no
 * database round trip (and keeps working while PostgreSQL is down).
 * <p>
 * Every change that can alter a snapshot — to a client, a tenant, a role or a role assignment — fires
 * an {@link IdentityEvent} in its transaction; {@link #onIdentityEvent} bumps the single row of
 * {@code client_cache_version} in that same transaction and empties this replica's cache once it
 * commits. Every replica reads that row every {@link #POLL_EVERY} and empties its cache when the
 * number moved: a change reaches every replica within one poll (plus a slow query). The row lock
 * orders the writers, so the number never moves before the change it announces is visible.
 * <p>
 * Emptying counts a generation; a load that began in an older generation is not kept, so a load
 * that read a client just before a change committed cannot put it back after the cache was
 * emptied. Unknown client ids are not kept (a flood of made-up ids cannot fill the cache), and at
 * most {@link #MAX_CLIENTS} known ones are, the least used going first.
 * <p>
 * While PostgreSQL is unreachable nothing can change, so the cached clients stay in force; a change
 * committed less than one poll before the outage began may not have reached this replica.
 */
@ApplicationScoped
public class ClientCache {

    private static final Logger LOG = LoggerFactory.getLogger(ClientCache.class);
    static final Duration POLL_EVERY = Duration.ofSeconds(1);
    static final long MAX_CLIENTS = 10_000;

    private Function<String, Optional<ClientSnapshot>> loader;
    private LongSupplier version;
    private EntityManager entityManager;
    private Cache<String, ClientSnapshot> clients;
    private final Object lock = new Object();
    // guarded by lock
    private long generation;
    private BackgroundLoop loop;
    // touched by the loop's thread only
    private Long seenVersion;
    private boolean failing;

    protected ClientCache() {
        // for the CDI proxy
    }

    @Inject
    public ClientCache(ClientRepository repository, UnitOfWork unitOfWork, EntityManager entityManager) {
        this(clientId -> unitOfWork.call(() -> repository.findByClientId(clientId).map(ClientSnapshot::of)),
                () -> unitOfWork.call(() -> ((Number) entityManager
                        .createNativeQuery("SELECT version FROM {h-schema}client_cache_version")
                        .getSingleResult()).longValue()),
                MAX_CLIENTS, Runnable::run);
        this.entityManager = entityManager;
    }

    /** For tests: the loader reads a client, {@code version} the change counter. */
    ClientCache(Function<String, Optional<ClientSnapshot>> loader, LongSupplier version, long maxClients, Executor executor) {
        this.loader = loader;
        this.version = version;
        // evictions run on the caller's thread: no pool thread of the container's common pool is borrowed
        this.clients = Caffeine.newBuilder().maximumSize(maxClients).executor(executor).build();
        this.loop = new BackgroundLoop("oid-client-cache", this::poll);
    }

    /** The client with this {@code client_id}: from memory when known, else read from PostgreSQL. */
    public Optional<ClientSnapshot> find(String clientId) {
        ClientSnapshot cached = clients.getIfPresent(clientId);
        if (cached != null) {
            return Optional.of(cached);
        }
        long started;
        synchronized (lock) {
            started = generation;
        }
        Optional<ClientSnapshot> loaded = loader.apply(clientId);
        loaded.ifPresent(snapshot -> {
            synchronized (lock) {
                // emptied while loading: what was read may predate the change, so it is not kept
                if (generation == started) {
                    clients.put(clientId, snapshot);
                }
            }
        });
        return loaded;
    }

    /** Forgets every client: the next request of each reads it again. */
    public void invalidateAll() {
        synchronized (lock) {
            generation++;
            clients.invalidateAll();
        }
    }

    long size() {
        clients.cleanUp();
        return clients.estimatedSize();
    }

    /**
     * Announces, in the transaction of the change, that clients may read differently: bumps the
     * counter other replicas poll, and empties this cache once the change has committed (emptied
     * before, a request in between could load and keep the old state).
     */
    void onIdentityEvent(@Observes IdentityEvent event) {
        if (!changesClients(event.type())) {
            return;
        }
        entityManager.createNativeQuery("UPDATE {h-schema}client_cache_version SET version = version + 1").executeUpdate();
        // Hibernate's own transaction (no JTA here) calls its synchronizations once it has committed or rolled back
        ((Transaction) entityManager.getTransaction()).registerSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing to do before
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    invalidateAll();
                }
            }
        });
    }

    /** Clients, tenants and roles (role deletion and assignments included) are what a snapshot is made of. */
    static boolean changesClients(String eventType) {
        return eventType.startsWith("oid.client.") || eventType.startsWith("oid.tenant.") || eventType.startsWith("oid.role.");
    }

    /** Reads the counter; empties the cache when it moved (or was never read: loads before may be older). */
    void checkVersion() {
        long current = version.getAsLong();
        if (seenVersion == null || seenVersion != current) {
            invalidateAll();
            seenVersion = current;
        }
    }

    /** The table exists once the database is migrated; start-up may fire this more than once. */
    void onDatabaseReady(@Observes DatabaseReady ready) {
        loop.start();
    }

    private Duration poll() {
        try {
            checkVersion();
            if (failing) {
                LOG.info("Client cache: reading the change counter again");
                failing = false;
            }
        } catch (RuntimeException | LinkageError failure) {
            if (loop.running() && !failing) { // one line per outage; nothing can change meanwhile
                LOG.warn("Client cache: reading the change counter failed ({}); serving the cached clients and retrying every {}s",
                        failure.getClass().getSimpleName() + ": " + failure.getMessage(), POLL_EVERY.toSeconds());
                failing = true;
            }
        }
        return POLL_EVERY;
    }

    /** Stops the thread before any application-scoped bean is destroyed, so it never reads through a closed pool. */
    void onShutdown(@Observes(notifyObserver = Reception.IF_EXISTS) @BeforeDestroyed(ApplicationScoped.class) Object event) {
        stop();
    }

    @PreDestroy
    void stop() {
        loop.stop();
    }
}
