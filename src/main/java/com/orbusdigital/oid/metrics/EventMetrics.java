package com.orbusdigital.oid.metrics;

import com.orbusdigital.oid.event.EventPublisher;
import com.orbusdigital.oid.event.OutboxRelay;
import com.orbusdigital.oid.persistence.BackgroundLoop;
import com.orbusdigital.oid.persistence.DatabaseReady;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * The event pipeline's health: {@code oid_outbox_backlog} (state-change events not yet
 * acknowledged by Kafka) and {@code oid_events_dropped_total} (token events the publisher had to
 * drop). The backlog is a count in PostgreSQL, so it is read on a thread of its own every
 * {@link #REFRESH} and a scrape only reads the last value: a scrape never waits for, or fails
 * with, the database. While PostgreSQL is unreachable the last value read stays (NaN before the first).
 */
@ApplicationScoped
public class EventMetrics {

    static final Duration REFRESH = Duration.ofSeconds(5);

    private OutboxRelay relay;
    private BackgroundLoop loop;
    private volatile double backlog = Double.NaN;

    protected EventMetrics() {
        // for the CDI proxy
    }

    @Inject
    public EventMetrics(Metrics metrics, OutboxRelay relay, EventPublisher publisher) {
        this.relay = relay;
        this.loop = new BackgroundLoop("oid-metrics-outbox", this::refresh);
        Gauge.builder("oid_outbox_backlog", this, EventMetrics::lastBacklog)
                .description("State-change events waiting in the outbox for the broker's acknowledgement (read every 5 s)")
                .register(metrics.registry());
        FunctionCounter.builder("oid_events_dropped", publisher, EventPublisher::dropped)
                .description("Token events dropped because the broker stayed unreachable beyond the producer's buffer")
                .register(metrics.registry());
    }

    /** The outbox table exists once the database is migrated; start-up may fire this more than once. */
    void onDatabaseReady(@Observes DatabaseReady ready) {
        loop.start();
    }

    private double lastBacklog() {
        return backlog;
    }

    private Duration refresh() {
        try {
            backlog = relay.backlog();
        } catch (RuntimeException | LinkageError unavailable) {
            // PostgreSQL unreachable (or the webapp stopping): keep the last value; readiness reports the database
        }
        return REFRESH;
    }

    void onShutdown(@Observes(notifyObserver = Reception.IF_EXISTS) @BeforeDestroyed(ApplicationScoped.class) Object event) {
        stop();
    }

    @PreDestroy
    void stop() {
        loop.stop();
    }
}
