package com.orbusdigital.oid.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.testing.FiredEvents;
import jakarta.enterprise.context.control.RequestContextController;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The start-up worker ends before its bean is destroyed: when the application stops while the
 * worker waits for a connection to an unreachable PostgreSQL, {@code stop()} returns only once the
 * worker has unwound. A worker still running after its webapp has stopped loads classes from a
 * closed class loader (seen on Payara: NoClassDefFoundError at undeploy during an outage) and is
 * what Tomcat reports as a thread the webapp "failed to stop".
 */
class DatabaseStartupTest {

    @Test
    void stopWhileWaitingForPostgresReturnsOnlyOnceTheWorkerHasEnded() throws Exception {
        WaitingDatabase database = new WaitingDatabase();
        FiredEvents<DatabaseReady> ready = new FiredEvents<>();
        DatabaseStartup startup = new DatabaseStartup(database, ready, new NoRequestContext());
        startup.start();
        assertThat(database.waiting.await(10, TimeUnit.SECONDS)).as("the worker asks for a connection").isTrue();

        startup.stop();

        // the pool reports termination from inside its last thread, just before that thread ends: a
        // moment's grace, far shorter than the worker's unwinding, which a stop() that did not wait would show
        assertThat(workerThreadsAfter(Duration.ofMillis(500))).as("start-up threads alive after stop()").isZero();
        assertThat(startup.isReady()).isFalse();
        assertThat(ready.fired()).isEmpty();
    }

    private static long workerThreadsAfter(Duration grace) throws InterruptedException {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals("oid-database-startup")) {
                thread.join(grace.toMillis());
            }
        }
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("oid-database-startup") && thread.isAlive())
                .count();
    }

    /**
     * A PostgreSQL that does not answer, as the pool shows it: getConnection waits, and gives up when
     * interrupted, as Hikari does (interrupt flag set again, an SQLException) — after a moment (1.5 s
     * here, longer than the test's grace), as a driver closing its socket takes one.
     */
    private static final class WaitingDatabase extends Database {

        final CountDownLatch waiting = new CountDownLatch(1);

        @Override
        public void ping() throws SQLException {
            waiting.countDown();
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(5));
            } catch (InterruptedException interrupted) {
                long unwinding = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
                while (System.nanoTime() < unwinding) {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException again) {
                        // still unwinding
                    }
                }
                Thread.currentThread().interrupt();
                throw new SQLException("Interrupted during connection acquisition", interrupted);
            }
        }

        @Override
        public String address() {
            return "127.0.0.1:1/ods";
        }
    }

    private static final class NoRequestContext implements RequestContextController {
        @Override
        public boolean activate() {
            return true;
        }

        @Override
        public void deactivate() {
        }
    }
}
