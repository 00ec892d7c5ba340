package com.orbusdigital.oid.persistence;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the database up to date in the background: OID deploys even while PostgreSQL is down,
 * logs one line per attempt naming host:port, answers readiness 503 meanwhile, and becomes ready by
 * itself once PostgreSQL answers. No restart needed.
 */
@ApplicationScoped
public class DatabaseStartup {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseStartup.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);
    /** How long stopping waits for the worker: longer than a connection attempt (connectTimeout 5 s). */
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private Database database;
    private Event<DatabaseReady> ready;
    private RequestContextController requestContext;
    private ExecutorService worker;
    private volatile boolean isReady;
    private volatile String problem = "database start-up has not begun";

    protected DatabaseStartup() {
        // for the CDI proxy
    }

    @Inject
    public DatabaseStartup(Database database, Event<DatabaseReady> ready, RequestContextController requestContext) {
        this.database = database;
        this.ready = ready;
        this.requestContext = requestContext;
    }

    public void start() {
        problem = "connecting to PostgreSQL at " + database.address();
        worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "oid-database-startup");
            thread.setDaemon(true);
            return thread;
        });
        worker.execute(this::bringUp);
    }

    /** Whether the schema is migrated and the start-up work done. */
    public boolean isReady() {
        return isReady;
    }

    /** Why the database is not ready yet; empty once it is. */
    public Optional<String> problem() {
        return isReady ? Optional.empty() : Optional.of(problem);
    }

    private void bringUp() {
        Duration delay = FIRST_RETRY;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                database.ping();
            } catch (SQLException | RuntimeException unreachable) {
                if (Thread.currentThread().isInterrupted()) {
                    return; // the application is stopping, not the database failing
                }
                problem = "PostgreSQL at " + database.address() + " unavailable: " + DatabaseFailures.describe(unreachable);
                LOG.warn("{}; retrying in {}s", problem, delay.toSeconds());
                delay = sleep(delay);
                continue;
            }
            try {
                MigrateResult migration = migrate();
                requestContext.activate();
                try {
                    ready.fire(new DatabaseReady(database.schema()));
                } finally {
                    requestContext.deactivate();
                }
                isReady = true;
                LOG.info("Database ready: PostgreSQL at {}, schema {} at version {}", database.address(),
                        database.schema(), migration.targetSchemaVersion != null ? migration.targetSchemaVersion : migration.initialSchemaVersion);
                return;
            } catch (RuntimeException failure) {
                // reachable, but migrating or the start-up work failed: worth a stack trace, and a retry
                problem = "database start-up work failed: " + DatabaseFailures.describe(failure);
                LOG.error("{}; retrying in {}s", problem, delay.toSeconds(), failure);
            }
            delay = sleep(delay);
        }
    }

    /** Sleeps, then answers the next, doubled delay (at most {@link #MAX_RETRY}); interrupted means stop. */
    private static Duration sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
        return PeriodicWork.doubled(delay, MAX_RETRY);
    }

    private MigrateResult migrate() {
        ClassLoader loader = getClass().getClassLoader();
        // Flyway also looks for Java callbacks in db/callback, whatever it is configured with; under a
        // com.ibm class loader (Open Liberty) it finds a directory only by the empty db/callback/flyway.location
        // in it, and logged an error at every start without one. OID has no callbacks there.
        return Flyway.configure(loader)
                .dataSource(database.dataSource())
                .schemas(database.schema())
                .createSchemas(true)
                .locations("classpath:" + Migrations.DIRECTORY)
                // the listed migrations, never a search of the class path (see Migrations)
                .resourceProvider(new Migrations(loader))
                .javaMigrationClassProvider(Migrations.NO_JAVA_MIGRATIONS)
                .callbacks(new NoSocketTimeout())
                .load()
                .migrate();
    }

    /**
     * A migration (an index built on a large table) may rightly run longer than the pool's
     * {@link Database#SOCKET_TIMEOUT}: its connection waits as long as it takes. The pool restores
     * the timeout when the connection comes back.
     */
    private static final class NoSocketTimeout implements Callback {

        @Override
        public boolean supports(org.flywaydb.core.api.callback.Event event, Context context) {
            return event == org.flywaydb.core.api.callback.Event.BEFORE_MIGRATE
                    || event == org.flywaydb.core.api.callback.Event.BEFORE_EACH_MIGRATE;
        }

        @Override
        public boolean canHandleInTransaction(org.flywaydb.core.api.callback.Event event, Context context) {
            return true;
        }

        @Override
        public void handle(org.flywaydb.core.api.callback.Event event, Context context) {
            try {
                context.getConnection().setNetworkTimeout(Runnable::run, 0);
            } catch (SQLException e) {
                throw new IllegalStateException("could not lift the socket timeout for migrating", e);
            }
        }

        @Override
        public String getCallbackName() {
            return "no-socket-timeout";
        }
    }

    /**
     * Stops the worker and waits for it: a worker still inside the pool or a migration when the
     * webapp's class loader closes fails on the next class it loads (seen on Payara at an undeploy
     * during an outage), and Tomcat reports it as a thread the webapp failed to stop.
     */
    @PreDestroy
    void stop() {
        if (worker == null) {
            return;
        }
        worker.shutdownNow();
        try {
            if (!worker.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("database start-up work still running {}s after the application was told to stop", STOP_WAIT.toSeconds());
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
