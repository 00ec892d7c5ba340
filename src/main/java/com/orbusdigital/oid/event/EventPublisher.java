package com.orbusdigital.oid.event;

import java.time.Duration;

/** Where events leave OID: Kafka when REDPANDA_BROKERS is set, the in-memory bus otherwise. */
public interface EventPublisher extends AutoCloseable {

    /**
     * Hands the event on without blocking the caller. If it can not even be queued (the queue is
     * full because the broker has been unreachable for long), it is dropped, counted and logged.
     * For high-volume events (tokens issued) only; state changes go through the outbox.
     */
    void publish(CloudEvent event);

    /**
     * Publishes the event and returns only once the broker acknowledged it (acks=all), or throws.
     * The outbox relay marks an event sent only after this returned. A timed-out event may still
     * reach the broker later: the relay then sends it again, and consumers deduplicate by id.
     */
    void publishAndWait(SerializedEvent event, Duration timeout) throws Exception;

    /** Events dropped since start. */
    long dropped();

    @Override
    void close();
}
