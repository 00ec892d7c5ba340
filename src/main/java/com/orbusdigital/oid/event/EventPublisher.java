package com.orbusdigital.oid.event;

/** Where events leave OID: Kafka when REDPANDA_BROKERS is set, the in-memory bus otherwise. */
public interface EventPublisher extends AutoCloseable {

    /**
     * Hands the event on without blocking the caller. If it can not even be queued (the queue is
     * full because the broker has been unreachable for long), it is dropped, counted and logged.
     */
    void publish(CloudEvent event);

    /** Events dropped since start. */
    long dropped();

    @Override
    void close();
}
