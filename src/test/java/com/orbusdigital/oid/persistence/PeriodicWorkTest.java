package com.orbusdigital.oid.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The runner of periodic work, with fake steps and a clock the test moves. */
class PeriodicWorkTest {

    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final DatabaseReady READY = new DatabaseReady("oid");

    private final Logger log = Logger.getLogger(PeriodicWork.class.getName());
    private final List<LogRecord> lines = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public synchronized void publish(LogRecord record) {
            lines.add(record);
        }

        @Override
        public void flush() {
            // nothing buffered
        }

        @Override
        public void close() {
            // nothing held
        }
    };
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final List<PeriodicWork> runners = new ArrayList<>();

    @BeforeEach
    void captureTheLog() {
        log.addHandler(capture);
    }

    @AfterEach
    void stopEverything() {
        runners.forEach(PeriodicWork::stop);
        log.removeHandler(capture);
    }

    @Test
    void everyStepStartsOnItsOwnNamedThreadOnceTheDatabaseIsReadyAfterItsFirstWorkAndOnlyOnce() throws Exception {
        Map<String, Thread> threads = new ConcurrentHashMap<>();
        CountDownLatch worked = new CountDownLatch(2);
        AtomicInteger firstWork = new AtomicInteger();
        PeriodicWork work = runner(
                () -> PeriodicWork.Step.every(Duration.ofHours(1), "oid-test-a", "A: working", () -> {
                    threads.put("a", Thread.currentThread());
                    worked.countDown();
                }).beforeStart(firstWork::incrementAndGet),
                () -> PeriodicWork.Step.every(Duration.ofHours(1), "oid-test-b", "B: working", () -> {
                    threads.put("b", Thread.currentThread());
                    worked.countDown();
                }));
        assertThat(firstWork).hasValue(0);

        work.onDatabaseReady(READY);
        work.onDatabaseReady(READY); // start-up may fire it again

        assertThat(worked.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(firstWork).hasValue(1);
        assertThat(threads.get("a").getName()).isEqualTo("oid-test-a");
        assertThat(threads.get("b").getName()).isEqualTo("oid-test-b");
        assertThat(threads.get("a").isDaemon()).isTrue();

        work.stop();

        assertThat(threads.get("a").isAlive()).as("a pause of an hour is cut short by stopping").isFalse();
        assertThat(threads.get("b").isAlive()).isFalse();
    }

    @Test
    void aStepWhoseFirstWorkFailedStartsAtTheNextDatabaseReady() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch worked = new CountDownLatch(1);
        PeriodicWork work = runner(() -> PeriodicWork.Step.every(Duration.ofHours(1), "oid-test-first", "First: working",
                worked::countDown).beforeStart(() -> {
                    if (attempts.incrementAndGet() == 1) {
                        throw new IllegalStateException("PostgreSQL is down");
                    }
                }));

        assertThatThrownBy(() -> work.onDatabaseReady(READY)).hasMessage("PostgreSQL is down");
        assertThat(worked.getCount()).as("not started").isEqualTo(1);

        work.onDatabaseReady(READY);

        assertThat(worked.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(attempts).hasValue(2);
    }

    @Test
    void anOutageLogsOneWarningNamingTheStepAndItsEndOneLine() {
        Outage outage = new Outage(3);
        PeriodicWork.Loop loop = loop(PeriodicWork.Step.every(SECOND, "oid-test", "Test: reading", outage)
                .meanwhile("keeping the last state"));

        List<Duration> pauses = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            pauses.add(loop.round());
            clock.advance(SECOND);
        }

        assertThat(pauses).containsOnly(SECOND);
        assertThat(lines).extracting(LogRecord::getLevel, LogRecord::getMessage).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Level.WARNING,
                        "Test: reading failed (IllegalStateException: PostgreSQL is down); keeping the last state, retrying every 1s"),
                org.assertj.core.groups.Tuple.tuple(Level.INFO, "Test: reading again (3 failed attempt(s) over 3s)"));

        outage.failures.set(1); // a second outage is a second warning
        loop.round();
        loop.round();
        assertThat(lines).hasSize(4);
    }

    @Test
    void failedRoundsBackOffDoublingUpToTheMaximumAndStartAgainFromTheFirstPause() {
        Outage outage = new Outage(5);
        PeriodicWork.Loop loop = loop(PeriodicWork.Step.paced("oid-test", "Test: publishing", SECOND, running -> {
            outage.run();
            return Duration.ZERO;
        }).backingOff(SECOND, Duration.ofSeconds(4)));

        List<Duration> pauses = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            pauses.add(loop.round());
        }
        outage.failures.set(1);
        pauses.add(loop.round());

        assertThat(pauses).containsExactly(SECOND, Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(4),
                Duration.ofSeconds(4), Duration.ZERO, SECOND);
        assertThat(lines.get(0).getMessage()).endsWith("retrying with back-off up to 4s");
    }

    @Test
    void aReasonTheStepGaveIsLoggedAsItIs() {
        PeriodicWork.Loop loop = loop(PeriodicWork.Step.every(SECOND, "oid-test", "Test: publishing", () -> {
            throw new PeriodicWork.Failed("could not publish oid.client.created 42: no acknowledgement within 10s");
        }));

        loop.round();

        assertThat(lines).singleElement().extracting(LogRecord::getMessage).isEqualTo(
                "Test: publishing failed (could not publish oid.client.created 42: no acknowledgement within 10s); retrying every 1s");
    }

    @Test
    void aFailureWhileStoppingIsNoOutage() {
        PeriodicWork.Loop loop = loop(PeriodicWork.Step.every(SECOND, "oid-test", "Test: reading", new Outage(1)));

        loop.stop();

        assertThat(loop.round()).isEqualTo(Duration.ZERO);
        assertThat(lines).isEmpty();
    }

    @SafeVarargs
    private PeriodicWork runner(Supplier<PeriodicWork.Step>... steps) {
        List<PeriodicWork.Periodic> owners = new ArrayList<>();
        for (Supplier<PeriodicWork.Step> step : steps) {
            owners.add(step::get);
        }
        PeriodicWork work = new PeriodicWork(owners, clock);
        runners.add(work);
        return work;
    }

    private PeriodicWork.Loop loop(PeriodicWork.Step step) {
        return new PeriodicWork.Loop(step, clock);
    }

    /** Fails while {@code failures} is above zero, counting down. */
    private static final class Outage implements Runnable {
        final AtomicInteger failures;

        Outage(int failures) {
            this.failures = new AtomicInteger(failures);
        }

        @Override
        public void run() {
            if (failures.getAndDecrement() > 0) {
                throw new IllegalStateException("PostgreSQL is down");
            }
        }
    }

    /** A fixed clock the test moves forward. */
    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
