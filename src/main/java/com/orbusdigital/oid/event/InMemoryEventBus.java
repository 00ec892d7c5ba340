package com.orbusdigital.oid.event;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The event bus without a broker (REDPANDA_BROKERS unset): keeps the most recent events, bounded,
 * for in-process consumers and inspection; older ones fall off.
 */
public final class InMemoryEventBus implements EventPublisher {

    public static final int CAPACITY = 1000;

    private final Deque<SerializedEvent> recent = new ArrayDeque<>(CAPACITY);

    @Override
    public void publish(CloudEvent event) {
        store(SerializedEvent.of(event));
    }

    /** Stored at once: there is no broker to wait for. */
    @Override
    public void publishAndWait(SerializedEvent event, Duration timeout) {
        store(event);
    }

    private synchronized void store(SerializedEvent event) {
        if (recent.size() == CAPACITY) {
            recent.removeFirst();
        }
        recent.addLast(event);
    }

    public synchronized List<SerializedEvent> recent() {
        return List.copyOf(recent);
    }

    @Override
    public long dropped() {
        return 0;
    }

    @Override
    public void close() {
        // nothing held
    }
}
