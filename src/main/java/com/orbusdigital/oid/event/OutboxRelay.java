package com.orbusdigital.oid.event;

import com.orbusdigital.oid.persistence.AdvisoryLocks;
import com.orbusdigital.oid.persistence.DatabaseFailures;
import com.orbusdigital.oid.persistence.PeriodicWork;
import com.orbusdigital.oid.persistence.Rows;
import com.orbusdigital.oid.persistence.UnitOfWork;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays the event outbox to the broker: a step of {@link PeriodicWork} ({@code oid-outbox-relay}),
 * started once the database is ready. Each pass, in one transaction: take the relay lock (one
 * replica relays at a time, so the global order holds), read the oldest unpublished events,
 * publish them one by one waiting for the broker's acknowledgement, mark each acknowledged one,
 * stop at the first failure (a later event must not overtake it) and commit what was marked.
 * <p>
 * Delivery is at least once: if OID stops between the broker's acknowledgement and the commit,
 * the event is published again after the restart, with the same CloudEvents id, which consumers
 * deduplicate by. No event is ever marked sent without an acknowledgement.
 */
@ApplicationScoped
public class OutboxRelay implements PeriodicWork.Periodic {

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
    // touched by the step's thread only
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
    }

    /** A pass at once while events wait, every {@link #IDLE_POLL} otherwise; failures back off up to {@link #MAX_BACKOFF}. */
    @Override
    public PeriodicWork.Step step() {
        return PeriodicWork.Step.paced("oid-outbox-relay", "Event outbox: publishing", FIRST_BACKOFF, this::relay)
                .backingOff(FIRST_BACKOFF, MAX_BACKOFF)
                .meanwhile("nothing is lost")
                .beforeStart(this::announce);
    }

    private void announce() {
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

    /** One pass; answers the pause before the next. */
    private Duration relay(PeriodicWork.Running running) {
        // before the pass, which may wait long for an absent broker
        if (!clock.instant().isBefore(nextCleanup)) {
            nextCleanup = clock.instant().plus(CLEANUP_EVERY);
            deletePublished(running);
        }
        Pass pass = unitOfWork.call(() -> relayOnce(running));
        if (pass.failure() != null) {
            // after the commit of what was acknowledged before it
            throw new PeriodicWork.Failed("could not publish " + pass.failedType() + " " + pass.failedId() + ": "
                    + describe(pass.failure()));
        }
        return pass.full() ? Duration.ZERO : IDLE_POLL;
    }

    /** What one pass did: whether the batch was full (more may wait) and the failure that ended it. */
    private record Pass(boolean full, Exception failure, String failedType, String failedId) {}

    private Pass relayOnce(PeriodicWork.Running running) {
        if (!AdvisoryLocks.OUTBOX_RELAY.tryAcquire(rows)) {
            return new Pass(false, null, null, null); // another replica relays
        }
        List<EventOutbox.Pending> batch = outbox.pending(BATCH);
        for (EventOutbox.Pending pending : batch) {
            if (!running.running()) {
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

    private void deletePublished(PeriodicWork.Running running) {
        Instant cutoff = clock.instant().minus(RETENTION);
        // small batches in short transactions: never a long lock on the table
        for (int i = 0; i < 20 && running.running(); i++) {
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
}
