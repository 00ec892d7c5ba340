package com.orbusdigital.oid.event;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The event bus without a broker (REDPANDA_BROKERS unset): keeps the most recent events, bounded,
 * for in-process consumers and inspection; older ones fall off.
 */
public final class InMemoryEventBus implements EventPublisher {

    public static final int CAPACITY = 1000;

    private final Deque<CloudEvent> recent = new ArrayDeque<>(CAPACITY);

    @Override
    public synchronized void publish(CloudEvent event) {
        if (recent.size() == CAPACITY) {
            recent.removeFirst();
        }
        recent.addLast(event);
    }

    public synchronized List<CloudEvent> recent() {
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
