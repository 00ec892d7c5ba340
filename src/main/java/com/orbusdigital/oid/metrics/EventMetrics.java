package com.orbusdigital.oid.metrics;

import com.orbusdigital.oid.event.EventPublisher;
import com.orbusdigital.oid.event.OutboxRelay;
import com.orbusdigital.oid.persistence.PeriodicWork;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * The event pipeline's health: {@code oid_outbox_backlog} (state-change events not yet
 * acknowledged by Kafka) and {@code oid_events_dropped_total} (token events the publisher had to
 * drop). The backlog is a count in PostgreSQL, so it is read by a step of {@link PeriodicWork}
 * ({@code oid-metrics-outbox}) every {@link #REFRESH} and a scrape only reads the last value: a
 * scrape never waits for, or fails with, the database. While PostgreSQL is unreachable the last
 * value read stays (NaN before the first).
 */
@ApplicationScoped
public class EventMetrics implements PeriodicWork.Periodic {

    static final Duration REFRESH = Duration.ofSeconds(5);

    private OutboxRelay relay;
    private volatile double backlog = Double.NaN;

    protected EventMetrics() {
        // for the CDI proxy
    }

    @Inject
    public EventMetrics(Metrics metrics, OutboxRelay relay, EventPublisher publisher) {
        this.relay = relay;
        Gauge.builder("oid_outbox_backlog", this, EventMetrics::lastBacklog)
                .description("State-change events waiting in the outbox for the broker's acknowledgement (read every 5 s)")
                .register(metrics.registry());
        FunctionCounter.builder("oid_events_dropped", publisher, EventPublisher::dropped)
                .description("Token events dropped because the broker stayed unreachable beyond the producer's buffer")
                .register(metrics.registry());
    }

    @Override
    public PeriodicWork.Step step() {
        return PeriodicWork.Step.every(REFRESH, "oid-metrics-outbox", "Outbox backlog metric: counting", this::refresh)
                .meanwhile("keeping the last value");
    }

    private double lastBacklog() {
        return backlog;
    }

    private void refresh() {
        backlog = relay.backlog();
    }
}
