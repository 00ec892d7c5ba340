package com.orbusdigital.oid.user;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.event.RoleChange;
import com.orbusdigital.oid.event.TenantChange;
import com.orbusdigital.oid.event.UserChange;
import com.orbusdigital.oid.persistence.PeriodicWork;
import com.orbusdigital.oid.persistence.RowMapper;
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
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.hibernate.Transaction;

/**
 * The users whose tokens were verified lately, as {@link UserSnapshot}s: a user's access token is
 * checked against its user as they are now without a database round trip, except the first time a
 * replica meets the user (and after a change to them). At most {@link #MAX_USERS}, least used first out.
 * <p>
 * A change that can alter a snapshot — a user changed, disabled, deleted or their tokens revoked, a
 * role assigned to or taken from a user, a role or a tenant deleted — fires an {@link IdentityEvent}
 * in its transaction; {@link #onIdentityEvent} adds one to {@code user_cache_version} and writes
 * the user (or "everyone") under the new number in {@code user_changes}, in that same transaction,
 * and forgets the user here once it has committed. Every replica reads the counter every
 * {@link #POLL_EVERY} and, when it moved, the rows since the number it saw, forgetting exactly
 * those users. The counter's row lock orders the writers, so numbers commit in order and without
 * gaps: rows missing (deleted after {@link #KEEP_CHANGES}, while a replica was cut off) mean
 * forgetting everyone. Sign-ins, failures and lockouts change no snapshot and forget nothing.
 * <p>
 * Forgetting counts a generation; a load that began in an older generation is not kept, so a load
 * that read a user just before a change committed cannot put the old state back.
 */
@ApplicationScoped
public class UserCache implements PeriodicWork.Periodic {

    static final Duration POLL_EVERY = Duration.ofSeconds(1);
    static final long MAX_USERS = 100_000;
    static final Duration KEEP_CHANGES = Duration.ofHours(1);
    /** Polls between two deletions of old change rows: about a minute. */
    private static final int PRUNE_EVERY = 60;

    /** Whose snapshot a change alters: one user, or everyone (no user). */
    record Change(Optional<UUID> user) {
        static final Change EVERYONE = new Change(Optional.empty());

        static Change of(UUID userId) {
            return new Change(Optional.of(userId));
        }
    }

    /** Where snapshots and the change log are read: PostgreSQL, or a fake in tests. */
    interface Store {
        Optional<UserSnapshot> load(UUID userId);

        long version();

        /** The changes numbered after {@code after} up to {@code upTo}, those that still exist. */
        List<Change> changes(long after, long upTo);

        void forgetChangesOlderThan(Duration age);
    }

    /** Announces a change: the next number, its row lock held until the change commits. */
    private static final String ANNOUNCE = "UPDATE {schema}.user_cache_version SET version = version + 1 RETURNING version";
    private static final String RECORD_CHANGE = "INSERT INTO {schema}.user_changes (version, user_id) VALUES (:version, :user)";

    private Store store;
    private EntityManager entityManager;
    private Rows rows;
    private Cache<UUID, Optional<UserSnapshot>> users;
    private final Object lock = new Object();
    // guarded by lock
    private long generation;
    // touched by the loop's thread only
    private Long seenVersion;
    private int polls;

    protected UserCache() {
        // for the CDI proxy
    }

    @Inject
    public UserCache(EntityManager entityManager, Rows rows) {
        this(new PostgresStore(rows), MAX_USERS, Runnable::run);
        this.entityManager = entityManager;
        this.rows = rows;
    }

    UserCache(Store store, long maxUsers, Executor executor) {
        this.store = store;
        // evictions run on the caller's thread: no pool thread of the container's common pool is borrowed
        this.users = Caffeine.newBuilder().maximumSize(maxUsers).executor(executor).build();
    }

    /** Reads the change log every {@link #POLL_EVERY}. */
    @Override
    public PeriodicWork.Step step() {
        return PeriodicWork.Step.every(POLL_EVERY, "oid-user-cache", "User cache: reading the change counter", this::poll)
                .meanwhile("serving the cached users");
    }

    /** The user as they are now (empty when deleted): from memory when seen before, else read from PostgreSQL. */
    public Optional<UserSnapshot> find(UUID userId) {
        Optional<UserSnapshot> cached = users.getIfPresent(userId);
        if (cached != null) {
            return cached;
        }
        long started;
        synchronized (lock) {
            started = generation;
        }
        Optional<UserSnapshot> loaded = store.load(userId);
        synchronized (lock) {
            // forgotten while loading: what was read may predate the change, so it is not kept
            if (generation == started) {
                users.put(userId, loaded);
            }
        }
        return loaded;
    }

    void forget(Change change) {
        synchronized (lock) {
            generation++;
            change.user().ifPresentOrElse(users::invalidate, users::invalidateAll);
        }
    }

    long size() {
        users.cleanUp();
        return users.estimatedSize();
    }

    /**
     * Announces, in the transaction of the change, which users may read differently, and forgets
     * them here once the change has committed (forgotten before, a request in between could load
     * and keep the old state). Runs after {@code ClientCache}'s observer: the two counters' row
     * locks are always taken in one order.
     */
    void onIdentityEvent(@Observes @Priority(Interceptor.Priority.APPLICATION + 1) IdentityEvent event) {
        Optional<Change> change = change(event);
        if (change.isEmpty()) {
            return;
        }
        long version = rows.query(ANNOUNCE).one(row -> row.longValue("version"));
        rows.query(RECORD_CHANGE).set("version", version).set("user", change.get().user()).update();
        // Hibernate's own transaction (no JTA here) calls its synchronizations once it has committed or rolled back
        ((Transaction) entityManager.getTransaction()).registerSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing to do before
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    forget(change.get());
                }
            }
        });
    }

    /** Whose snapshot an event may alter; empty for the events that alter none (sign-ins, lockouts, passwords…). */
    static Optional<Change> change(IdentityEvent event) {
        if (event instanceof UserChange.Updated || event instanceof UserChange.Disabled || event instanceof UserChange.Deleted
                || event instanceof UserChange.TokensRevoked) {
            return Optional.of(Change.of(((UserChange) event).userId()));
        }
        if (event instanceof RoleChange.Assignment assignment && assignment.holder() instanceof RoleChange.UserHolder holder) {
            return Optional.of(Change.of(holder.userId()));
        }
        // a role deleted leaves every holder, a tenant deleted takes its users: rare, so everyone is forgotten
        if (event instanceof RoleChange.Deleted || event instanceof TenantChange.Deleted) {
            return Optional.of(Change.EVERYONE);
        }
        return Optional.empty();
    }

    /** Reads the counter; forgets the users changed since the last read (everyone at the first read: loads before may be older). */
    void checkVersion() {
        long current = store.version();
        if (seenVersion == null) {
            forget(Change.EVERYONE);
        } else if (current != seenVersion) {
            List<Change> changes = store.changes(seenVersion, current);
            if (changes.size() != current - seenVersion) {
                forget(Change.EVERYONE); // rows already deleted: who changed is not known
            } else {
                changes.forEach(this::forget);
            }
        }
        seenVersion = current;
    }

    /** One round of the loop: the change log, and about once a minute its old rows deleted. */
    private void poll() {
        checkVersion();
        if (++polls % PRUNE_EVERY == 0) {
            store.forgetChangesOlderThan(KEEP_CHANGES);
        }
    }

    /** The snapshots, the counter and the change log in PostgreSQL; each read one statement, committed on its own. */
    private record PostgresStore(Rows rows) implements Store {

        private static final String LOAD = """
                SELECT u.id, u.tenant_id, u.enabled, u.tokens_revoked_before,
                       ARRAY(SELECT ro.name FROM {schema}.user_roles ur JOIN {schema}.roles ro ON ro.id = ur.role_id
                             WHERE ur.user_id = u.id) AS roles
                FROM {schema}.users u WHERE u.id = :id""";
        private static final String VERSION = "SELECT version FROM {schema}.user_cache_version";
        private static final String CHANGES = "SELECT user_id FROM {schema}.user_changes WHERE version > :after AND version <= :up_to";
        private static final String FORGET = "DELETE FROM {schema}.user_changes WHERE changed_at < now() - make_interval(secs => :seconds)";

        private static final RowMapper<UserSnapshot> SNAPSHOT = row -> new UserSnapshot(row.uuid("id"), row.uuid("tenant_id"),
                row.bool("enabled"), row.strings("roles").stream().sorted().toList(), row.optionalInstant("tokens_revoked_before"));

        @Override
        public Optional<UserSnapshot> load(UUID userId) {
            return rows.query(LOAD).set("id", userId).optional(SNAPSHOT);
        }

        @Override
        public long version() {
            return rows.query(VERSION).one(row -> row.longValue("version"));
        }

        @Override
        public List<Change> changes(long after, long upTo) {
            return rows.query(CHANGES).set("after", after).set("up_to", upTo)
                    .list(row -> row.optionalUuid("user_id").map(Change::of).orElse(Change.EVERYONE));
        }

        @Override
        public void forgetChangesOlderThan(Duration age) {
            rows.query(FORGET).set("seconds", (double) age.toSeconds()).update();
        }
    }
}
