package com.orbusdigital.oid.persistence;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one runner of OID's periodic work: the caches' polls, housekeeping, the outbox relay, the
 * signing keys' schedule… Each is a {@link Step} of a bean implementing {@link Periodic}: its
 * work and its period, nothing else. The runner owns the rest:
 * <ul>
 *   <li>a daemon thread per step, named by the step ({@code oid-client-cache}, …: operators and
 *       tests look for them);</li>
 *   <li>the start once the database is ready: after every other observer of {@link DatabaseReady}
 *       (the start-up work a step may rely on is done), each step's first work
 *       ({@link Step#beforeStart}) runs there, before OID reports ready — start-up retries a step
 *       whose first work failed, and never starts one twice;</li>
 *   <li>one warning per outage, naming the step and why, and one line when it works again — never
 *       one per round; a failed round is retried after the step's retry pause (fixed, or doubled up
 *       to a maximum);</li>
 *   <li>the stop before any application-scoped bean is destroyed: every thread is interrupted,
 *       then awaited, so none works through a closed pool or producer, and a redeploy leaves no
 *       thread behind.</li>
 * </ul>
 */
@ApplicationScoped
public class PeriodicWork {

    private static final Logger LOG = LoggerFactory.getLogger(PeriodicWork.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    /** A bean with periodic work; the runner finds every one through CDI. */
    public interface Periodic {
        Step step();
    }

    /** What a round may ask while it works: whether to go on, and a pause that stopping cuts short. */
    public interface Running {
        boolean running();

        /** Pauses; false when stopping. */
        boolean pause(Duration pause);
    }

    /**
     * A round that failed in a way its step has already described (the reason goes into the log as
     * it is). Anything else a round throws is described as a database failure.
     */
    public static final class Failed extends RuntimeException {
        public Failed(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * One piece of periodic work.
     *
     * @param thread      the name of its thread, which also keys it
     * @param doing       what a round does, as the log says it ("Client cache: reading the change counter")
     * @param meanwhile   what holds while rounds fail ("serving the loaded clients"); empty to say nothing
     * @param round       one round; answers the pause before the next, throws when it failed
     * @param retry       the pause after a first failed round
     * @param maxRetry    the longest pause after failed rounds: each one doubles the pause up to it
     * @param firstPause  before the first round
     * @param beforeStart run once, before OID reports ready, when the step starts
     */
    public record Step(String thread, String doing, String meanwhile, Function<Running, Duration> round, Duration retry,
                       Duration maxRetry, Duration firstPause, Runnable beforeStart) {

        /** {@code work} every {@code period}, retried as often after a failure. */
        public static Step every(Duration period, String thread, String doing, Runnable work) {
            return paced(thread, doing, period, running -> {
                work.run();
                return period;
            });
        }

        /** A round that answers its own pause, retried every {@code retry} after a failure. */
        public static Step paced(String thread, String doing, Duration retry, Function<Running, Duration> round) {
            return new Step(thread, doing, "", round, retry, retry, Duration.ZERO, () -> { });
        }

        public Step meanwhile(String whileFailing) {
            return new Step(thread, doing, whileFailing, round, retry, maxRetry, firstPause, beforeStart);
        }

        /** After failures, pauses from {@code first}, doubled each time up to {@code max}, until a round works. */
        public Step backingOff(Duration first, Duration max) {
            return new Step(thread, doing, meanwhile, round, first, max, firstPause, beforeStart);
        }

        public Step firstPause(Duration pause) {
            return new Step(thread, doing, meanwhile, round, retry, maxRetry, pause, beforeStart);
        }

        public Step beforeStart(Runnable first) {
            return new Step(thread, doing, meanwhile, round, retry, maxRetry, firstPause, first);
        }
    }

    private Iterable<Periodic> owners;
    private Clock clock;
    // guarded by this
    private final Map<String, Loop> loops = new LinkedHashMap<>();

    protected PeriodicWork() {
        // for the CDI proxy
    }

    @Inject
    public PeriodicWork(Instance<Periodic> owners, Clock clock) {
        this((Iterable<Periodic>) owners, clock);
    }

    /** For tests: the owners of periodic work. */
    PeriodicWork(Iterable<Periodic> owners, Clock clock) {
        this.owners = owners;
        this.clock = clock;
    }

    /** After every other observer: the start-up work a step may rely on is done. Start-up may fire this more than once. */
    void onDatabaseReady(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER) DatabaseReady ready) {
        start();
    }

    synchronized void start() {
        for (Periodic owner : owners) {
            Step step = owner.step();
            if (!loops.containsKey(step.thread())) {
                step.beforeStart().run(); // a failure fails the start-up, which retries it
                Loop loop = new Loop(step, clock);
                loops.put(step.thread(), loop);
                loop.start();
            }
        }
    }

    /** Stops every step before any application-scoped bean is destroyed: none works through a closed pool or producer. */
    void onShutdown(@Observes(notifyObserver = Reception.IF_EXISTS) @BeforeDestroyed(ApplicationScoped.class) Object event) {
        stop();
    }

    /** Interrupts every thread, then waits for each: they stop together, not one after another. */
    @PreDestroy
    void stop() {
        List<Loop> stopping;
        synchronized (this) {
            stopping = new ArrayList<>(loops.values());
        }
        stopping.forEach(Loop::stop);
        stopping.forEach(Loop::await);
    }

    /** Exponential back-off: the delay doubled, at most {@code max}. */
    static Duration doubled(Duration delay, Duration max) {
        Duration next = delay.multipliedBy(2);
        return next.compareTo(max) > 0 ? max : next;
    }

    /** One step on its thread. */
    static final class Loop implements Running {

        private final Step step;
        private final Clock clock;
        private volatile boolean running = true;
        private Thread thread;
        // touched by the loop's thread only
        private Duration retry;
        private int failures;
        private Instant failingSince;

        Loop(Step step, Clock clock) {
            this.step = step;
            this.clock = clock;
            this.retry = step.retry();
        }

        void start() {
            thread = new Thread(this::run, step.thread());
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            if (!step.firstPause().isZero() && !pause(step.firstPause())) {
                return;
            }
            while (running) {
                Duration next = round();
                if (!running || !next.isZero() && !pause(next)) {
                    return;
                }
            }
        }

        /** One round, its failure logged once per outage; answers the pause before the next. */
        Duration round() {
            try {
                Duration next = step.round().apply(this);
                if (failures > 0) {
                    LOG.info("{} again ({} failed attempt(s) over {}s)", step.doing(), failures,
                            Duration.between(failingSince, clock.instant()).toSeconds());
                    failures = 0;
                    retry = step.retry();
                }
                return next;
            } catch (RuntimeException | LinkageError failure) {
                if (!running) {
                    return Duration.ZERO; // stopping: the pool or the class loader is already going away
                }
                if (failures++ == 0) {
                    failingSince = clock.instant();
                    LOG.warn("{} failed ({}); {}retrying {}", step.doing(),
                            failure instanceof Failed ? failure.getMessage() : DatabaseFailures.describe(failure),
                            step.meanwhile().isEmpty() ? "" : step.meanwhile() + ", ",
                            step.retry().equals(step.maxRetry()) ? "every " + step.retry().toSeconds() + "s"
                                    : "with back-off up to " + step.maxRetry().toSeconds() + "s");
                }
                Duration next = retry;
                retry = doubled(retry, step.maxRetry());
                return next;
            }
        }

        @Override
        public boolean running() {
            return running;
        }

        @Override
        public boolean pause(Duration pause) {
            try {
                Thread.sleep(pause.toMillis());
                return running;
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        /** Interrupts a pause, and a round waiting on I/O. */
        void stop() {
            running = false;
            if (thread != null) {
                thread.interrupt();
            }
        }

        void await() {
            if (thread == null) {
                return;
            }
            try {
                thread.join(STOP_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
