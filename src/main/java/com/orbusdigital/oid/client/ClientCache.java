package com.orbusdigital.oid.client;

import com.orbusdigital.oid.event.BrandingChange;
import com.orbusdigital.oid.event.ClientChange;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.event.RoleChange;
import com.orbusdigital.oid.event.TenantChange;
import com.orbusdigital.oid.persistence.Database;
import com.orbusdigital.oid.persistence.PeriodicWork;
import com.orbusdigital.oid.persistence.Rows;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.hibernate.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every client, by {@code client_id}, in memory: a token request needs no database round trip, and
 * an unknown {@code client_id} is answered from memory exactly like a known one with a wrong secret
 * (no lookup that only unknown ids would pay: client existence does not show in the answer's time).
 * Costs one snapshot per client (under a kilobyte) and a reload of all of them per change.
 * <p>
 * Every change that can alter a snapshot — to a client, a tenant, a role or a client's role
 * assignment — fires an {@link IdentityEvent} in its transaction; {@link #onIdentityEvent} bumps the
 * single row of {@code client_cache_version} in that same transaction and, once it has committed,
 * reloads every client before the request that made the change answers. Every replica reads that row
 * every {@link #POLL_EVERY} and reloads when the number moved: a change reaches every replica within
 * one poll (plus a slow reload). The row lock orders the writers, so the number never moves before
 * the change it announces is visible.
 * <p>
 * A reload reads the counter first, then the clients, and swaps the whole directory at once; reloads
 * take turns, so one that read before a change can never replace one that read after it.
 * Until the first load succeeds, a lookup loads (and fails as the database does, 503, never
 * {@code invalid_client}); after it, a lookup never touches the database.
 * <p>
 * While PostgreSQL is unreachable nothing can change, so the loaded clients stay in force; a change
 * committed less than one poll before the outage began may not have reached this replica.
 */
@ApplicationScoped
public class ClientCache implements PeriodicWork.Periodic {

    private static final Logger LOG = LoggerFactory.getLogger(ClientCache.class);
    static final Duration POLL_EVERY = Duration.ofSeconds(1);

    private static final String VERSION = "SELECT version FROM {schema}.client_cache_version";
    /** The next number, its row lock held until the change commits. */
    private static final String ANNOUNCE = "UPDATE {schema}.client_cache_version SET version = version + 1 RETURNING version";

    /**
     * Every client as of the counter's {@code version}, read after it: its snapshot, and the entity it
     * was read from (its tenant and roles loaded) for the sign-in pages' checks.
     */
    record Directory(long version, Map<String, ClientSnapshot> clients, Map<String, Client> entities) {

        /** Snapshots only (unit tests of the reloads): no sign-in reads from it. */
        Directory(long version, Map<String, ClientSnapshot> clients) {
            this(version, clients, Map.of());
        }
    }

    private Supplier<Directory> loader;
    private LongSupplier version;
    private EntityManager entityManager;
    private Rows rows;
    private volatile Directory directory;
    private final Object reloading = new Object();

    protected ClientCache() {
        // for the CDI proxy
    }

    @Inject
    public ClientCache(Database database, EntityManager entityManager, Rows rows) {
        // the counter first, then the clients in a session of their own: a reload also runs after a
        // request's transaction committed, in its synchronization (the counter's read then commits on its own)
        this(() -> {
                    long version = counter(rows);
                    return inSession(database, session -> {
                        Map<String, ClientSnapshot> clients = new HashMap<>();
                        Map<String, Client> entities = new HashMap<>();
                        for (Client client : new ClientRepository(session).findAll()) {
                            clients.put(client.clientId(), ClientSnapshot.of(client));
                            entities.put(client.clientId(), client);
                        }
                        return new Directory(version, Map.copyOf(clients), Map.copyOf(entities));
                    });
                },
                () -> counter(rows));
        this.entityManager = entityManager;
        this.rows = rows;
    }

    /** For tests: the loader reads every client, {@code version} the change counter. */
    ClientCache(Supplier<Directory> loader, LongSupplier version) {
        this.loader = loader;
        this.version = version;
    }

    /**
     * Reads the counter every {@link #POLL_EVERY}, after a first load before OID reports ready. Nothing
     * can change during an outage, so the loaded clients stay in force meanwhile.
     */
    @Override
    public PeriodicWork.Step step() {
        return PeriodicWork.Step.every(POLL_EVERY, "oid-client-cache", "Client cache: reading the change counter", this::checkVersion)
                .meanwhile("serving the loaded clients")
                .beforeStart(this::reload);
    }

    private static long counter(Rows rows) {
        return rows.query(VERSION).one(row -> row.longValue("version"));
    }

    private static <T> T inSession(Database database, java.util.function.Function<EntityManager, T> work) {
        EntityManager session = database.entityManagerFactory().createEntityManager();
        try {
            session.getTransaction().begin();
            T result = work.apply(session);
            session.getTransaction().commit();
            return result;
        } finally {
            if (session.getTransaction().isActive()) {
                session.getTransaction().rollback();
            }
            session.close();
        }
    }

    /** The client with this {@code client_id}, from memory; known or not, no database round trip once loaded. */
    public Optional<ClientSnapshot> find(String clientId) {
        Directory current = directory;
        if (current == null) {
            current = firstLoad();
        }
        return Optional.ofNullable(current.clients().get(clientId));
    }

    /**
     * The client with this {@code client_id} as the sign-in pages check it (its tenant's policy,
     * language and branding, its redirect URIs, grants and roles), from memory: the entity read by the
     * last reload, detached, and shared by every request — to be read, never changed or merged. Each
     * step of a sign-in checks its client again; read from here, that costs no read transaction. A
     * change to the client, its tenant, its roles or its tenant's branding reaches this replica before
     * the request that made it answers, and every other one within a poll, as for the token endpoint.
     * Empty when unknown here (for a client created on another replica less than a poll ago, and for
     * the built-in account clients, the caller asks the database).
     */
    public Optional<Client> findForSignIn(String clientId) {
        Directory current = directory;
        if (current == null) {
            current = firstLoad();
        }
        return Optional.ofNullable(current.entities().get(clientId));
    }

    /**
     * Before the first load: loads, or fails as the database does. Not under the reloads' lock: while
     * PostgreSQL is unreachable each request fails after the pool's wait, not after every one queued
     * before it. Kept only when nothing was loaded meanwhile, so it never replaces a later reload.
     */
    private Directory firstLoad() {
        Directory loaded = loader.get();
        synchronized (reloading) {
            if (directory == null) {
                directory = loaded;
            }
            return directory;
        }
    }

    /** Reads every client and swaps them in. Reloads take turns: each reads after the one before has finished. */
    Directory reload() {
        synchronized (reloading) {
            Directory loaded = loader.get();
            directory = loaded;
            return loaded;
        }
    }

    long size() {
        Directory current = directory;
        return current == null ? 0 : current.clients().size();
    }

    /**
     * Announces, in the transaction of the change, that clients may read differently: bumps the
     * counter other replicas poll and, once the change has committed, reloads this replica's clients
     * (reloaded before the commit, a request in between could keep the old state). A transaction with
     * several such changes reloads once: the first reload reads the counter it left.
     * Ordered before {@code UserCache}'s observer, so that a change of both takes the two counters'
     * row locks in one order.
     */
    void onIdentityEvent(@Observes @Priority(Interceptor.Priority.APPLICATION) IdentityEvent event) {
        if (!changesClients(event)) {
            return;
        }
        long announced = rows.query(ANNOUNCE).one(row -> row.longValue("version"));
        // Hibernate's own transaction (no JTA here) calls its synchronizations once it has committed or rolled back
        ((Transaction) entityManager.getTransaction()).registerSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing to do before
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    reloadAfter(announced);
                }
            }
        });
    }

    /** Reloads unless a reload already read the counter at {@code announced} or later; a failure is left to the poll. */
    void reloadAfter(long announced) {
        try {
            Directory current = directory;
            if (current == null || current.version() < announced) {
                synchronized (reloading) {
                    if (directory == null || directory.version() < announced) {
                        reload();
                    }
                }
            }
        } catch (RuntimeException | LinkageError failure) {
            // the change is committed: the counter moved, so the poll reloads as soon as the database answers
            LOG.warn("Client cache: reloading after a change failed ({}); the next poll retries",
                    failure.getClass().getSimpleName() + ": " + failure.getMessage());
        }
    }

    /**
     * Clients, tenants, roles and the roles clients hold are what a snapshot is made of (a user's roles
     * are not); a tenant's branding, what the sign-in pages read of the entity's tenant.
     */
    static boolean changesClients(IdentityEvent event) {
        return event instanceof ClientChange || event instanceof TenantChange || event instanceof BrandingChange
                || event instanceof RoleChange role && !(role instanceof RoleChange.Assignment assignment
                        && assignment.holder() instanceof RoleChange.UserHolder);
    }

    /** Reads the counter; reloads when it moved since the directory was read (or nothing was loaded yet). */
    void checkVersion() {
        long current = version.getAsLong();
        Directory loaded = directory;
        if (loaded == null || loaded.version() != current) {
            reload();
        }
    }
}
