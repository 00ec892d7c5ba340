package com.orbusdigital.oid.event;

import com.orbusdigital.oid.persistence.AdvisoryLocks;
import com.orbusdigital.oid.persistence.BackgroundLoop;
import com.orbusdigital.oid.persistence.DatabaseFailures;
import com.orbusdigital.oid.persistence.DatabaseReady;
import com.orbusdigital.oid.persistence.Rows;
import com.orbusdigital.oid.persistence.UnitOfWork;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays the event outbox to the broker from a daemon thread of its own, started once the database
 * is ready. Each pass, in one transaction: take the relay lock (one replica relays at a time, so
 * the global order holds), read the oldest unpublished events, publish them one by one waiting
 * for the broker's acknowledgement, mark each acknowledged one, stop at the first failure (a later
 * event must not overtake it) and commit what was marked.
 * <p>
 * Delivery is at least once: if OID stops between the broker's acknowledgement and the commit,
 * the event is published again after the restart, with the same CloudEvents id, which consumers
 * deduplicate by. No event is ever marked sent without an acknowledgement.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    static final int BATCH = 100;
    static final Duration IDLE_POLL = Duration.ofMillis(250);
    static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    static final Duration RETENTION = Duration.ofDays(7);
    static final Duration CLEANUP_EVERY = Duration.ofMinutes(10);
    static final int CLEANUP_BATCH = 500;

    private EventPublisher publisher;
    private EventOutbox outbox;
    private Rows rows;
    private UnitOfWork unitOfWork;
    private Clock clock;
    private BackgroundLoop loop;
    // touched by the loop's thread only
    private Duration backoff = FIRST_BACKOFF;
    private int failures;
    private Instant nextCleanup = Instant.MIN;

    protected OutboxRelay() {
        // for the CDI proxy
    }

    @Inject
    public OutboxRelay(EventPublisher publisher, EventOutbox outbox, Rows rows,
                       UnitOfWork unitOfWork, Clock clock) {
        this.publisher = publisher;
        this.outbox = outbox;
        this.rows = rows;
        this.unitOfWork = unitOfWork;
        this.clock = clock;
        this.loop = new BackgroundLoop("oid-outbox-relay", this::relay);
    }

    /** The outbox table exists once the database is migrated; start-up may fire this more than once. */
    void onDatabaseReady(@Observes DatabaseReady ready) {
        start();
    }

    void start() {
        if (!loop.start()) {
            return;
        }
        try {
            LOG.info("Event outbox relay started: {} event(s) waiting for the broker", backlog());
        } catch (RuntimeException failure) {
            LOG.info("Event outbox relay started");
        }
    }

    /** Events written but not yet acknowledged by the broker: for metrics and readiness. */
    public long backlog() {
        return unitOfWork.call(outbox::unpublished);
    }

    /** One pass of the loop; answers the pause before the next. */
    private Duration relay() {
        try {
            // before the pass, which may wait long for an absent broker
            if (!clock.instant().isBefore(nextCleanup)) {
                nextCleanup = clock.instant().plus(CLEANUP_EVERY);
                deletePublished();
            }
            Pass pass = unitOfWork.call(this::relayOnce);
            if (!loop.running()) {
                return Duration.ZERO; // a send interrupted by stop() is no failure worth a warning
            }
            if (pass.failure() != null) {
                if (failures++ == 0) { // one line per failure streak, not one per attempt
                    LOG.warn("Event outbox: could not publish {} {} ({}); retrying with back-off up to {}s, nothing is lost",
                            pass.failedType(), pass.failedId(), describe(pass.failure()), MAX_BACKOFF.toSeconds());
                }
                return backOff();
            }
            if (failures > 0) {
                LOG.info("Event outbox: publishing again after {} failed attempt(s)", failures);
                failures = 0;
                backoff = FIRST_BACKOFF;
            }
            return pass.full() ? Duration.ZERO : IDLE_POLL;
        } catch (RuntimeException | LinkageError failure) {
            if (!loop.running()) {
                return Duration.ZERO; // undeploying: the pool or the class loader is already gone
            }
            if (failures++ == 0) {
                LOG.warn("Event outbox: relaying failed ({}); retrying with back-off up to {}s, nothing is lost",
                        describe(failure), MAX_BACKOFF.toSeconds());
            }
            return backOff();
        }
    }

    private Duration backOff() {
        Duration pause = backoff;
        backoff = BackgroundLoop.doubled(backoff, MAX_BACKOFF);
        return pause;
    }

    /** What one pass did: whether the batch was full (more may wait) and the failure that ended it. */
    private record Pass(boolean full, Exception failure, String failedType, String failedId) {}

    private Pass relayOnce() {
        if (!AdvisoryLocks.OUTBOX_RELAY.tryAcquire(rows)) {
            return new Pass(false, null, null, null); // another replica relays
        }
        List<EventOutbox.Pending> batch = outbox.pending(BATCH);
        for (EventOutbox.Pending pending : batch) {
            if (!loop.running()) {
                return new Pass(false, null, null, null);
            }
            try {
                publisher.publishAndWait(pending.event(), SEND_TIMEOUT);
            } catch (Exception failure) {
                if (failure instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                // stop here: the events after it must not overtake it; what was marked commits
                return new Pass(false, failure, pending.event().type(), pending.event().id());
            }
            outbox.markPublished(pending.id(), clock.instant());
        }
        return new Pass(batch.size() == BATCH, null, null, null);
    }

    private void deletePublished() {
        Instant cutoff = clock.instant().minus(RETENTION);
        // small batches in short transactions: never a long lock on the table
        for (int i = 0; i < 20 && loop.running(); i++) {
            if (unitOfWork.call(() -> outbox.deletePublishedBefore(cutoff, CLEANUP_BATCH)) < CLEANUP_BATCH) {
                return;
            }
        }
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.ExecutionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof java.util.concurrent.TimeoutException) {
            return "no acknowledgement within " + SEND_TIMEOUT.toSeconds() + "s";
        }
        if (cause instanceof org.apache.kafka.common.KafkaException) {
            return cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
        return DatabaseFailures.describe(cause);
    }

    /**
     * Stops the relay before any application-scoped bean is destroyed, so it never publishes
     * through a closed producer or reads through a closed pool (which would only log noise).
     */
    void onShutdown(@Observes(notifyObserver = Reception.IF_EXISTS) @BeforeDestroyed(ApplicationScoped.class) Object event) {
        stop();
    }

    @PreDestroy
    void stop() {
        loop.stop();
    }
}
