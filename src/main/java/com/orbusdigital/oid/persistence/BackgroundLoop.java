package com.orbusdigital.oid.persistence;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * A daemon thread that repeats one step until stopped: the step answers how long to pause before
 * the next. Stopping interrupts a pause (and a step waiting on I/O) and waits for the thread, so
 * the owner can stop it before the beans it uses are closed. The step handles its own failures.
 */
public final class BackgroundLoop {

    private final String name;
    private final Supplier<Duration> step;
    private Thread thread;
    private volatile boolean running;

    public BackgroundLoop(String name, Supplier<Duration> step) {
        this.name = name;
        this.step = step;
    }

    /** Starts the thread; false (and nothing done) when it was started before. */
    public boolean start() {
        return start(Duration.ZERO);
    }

    /** Starts the thread, which pauses {@code firstPause} before its first step; false when it was started before. */
    public synchronized boolean start(Duration firstPause) {
        if (thread != null) {
            return false;
        }
        running = true;
        thread = new Thread(() -> {
            if (firstPause.isZero() || sleep(firstPause)) {
                loop();
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return true;
    }

    /** Whether the loop should go on; a step checks it between long pieces of work. */
    public boolean running() {
        return running;
    }

    /** Pauses; false when stopping. */
    public boolean sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
            return running;
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public void stop() {
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

    /**
     * A loop that runs {@code step} every {@code every}, for work that reads PostgreSQL: a failure
     * logs one warning per outage ("{doing} failed (…); {meanwhile} and retrying every Ns") and one
     * line once the step works again ("{doing} again"), never one per round.
     */
    public static BackgroundLoop polling(String name, Duration every, Logger log, String doing, String meanwhile, Runnable step) {
        Polling polling = new Polling(every, log, doing, meanwhile, step);
        polling.loop = new BackgroundLoop(name, polling);
        return polling.loop;
    }

    private static final class Polling implements Supplier<Duration> {
        private final Duration every;
        private final Logger log;
        private final String doing;
        private final String meanwhile;
        private final Runnable step;
        private BackgroundLoop loop;
        // touched by the loop's thread only
        private boolean failing;

        Polling(Duration every, Logger log, String doing, String meanwhile, Runnable step) {
            this.every = every;
            this.log = log;
            this.doing = doing;
            this.meanwhile = meanwhile;
            this.step = step;
        }

        @Override
        public Duration get() {
            try {
                step.run();
                if (failing) {
                    log.info("{} again", doing);
                    failing = false;
                }
            } catch (RuntimeException | LinkageError failure) {
                if (loop.running() && !failing) { // one line per outage
                    log.warn("{} failed ({}); {} and retrying every {}s", doing,
                            failure.getClass().getSimpleName() + ": " + failure.getMessage(), meanwhile, every.toSeconds());
                    failing = true;
                }
            }
            return every;
        }
    }

    /** Exponential back-off: the delay doubled, at most {@code max}. */
    public static Duration doubled(Duration delay, Duration max) {
        Duration next = delay.multipliedBy(2);
        return next.compareTo(max) > 0 ? max : next;
    }

    private void loop() {
        while (running) {
            Duration pause = step.get();
            if (!running || !pause.isZero() && !sleep(pause)) {
                return;
            }
        }
    }
}
