package com.orbusdigital.oid.event;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code data} of a CloudEvent, written field by field in wire order from typed values only:
 * ids, names, times, counts, flags and lists of names. Each event record writes its own in one place.
 */
public final class EventData {

    private final Map<String, Object> fields = new LinkedHashMap<>();

    private EventData() {}

    public static EventData of() {
        return new EventData();
    }

    public EventData id(String name, UUID value) {
        return put(name, value.toString());
    }

    /** Nothing when the value is absent: the field is left out, never written as null. */
    public EventData id(String name, Optional<UUID> value) {
        return value.map(present -> id(name, present)).orElse(this);
    }

    public EventData text(String name, String value) {
        return put(name, value);
    }

    /** Nothing when the value is absent. */
    public EventData text(String name, Optional<String> value) {
        return value.map(present -> text(name, present)).orElse(this);
    }

    public EventData time(String name, Instant value) {
        return put(name, value.toString());
    }

    /** Nothing when the value is absent. */
    public EventData time(String name, Optional<Instant> value) {
        return value.map(present -> time(name, present)).orElse(this);
    }

    public EventData count(String name, long value) {
        return put(name, value);
    }

    public EventData flag(String name, boolean value) {
        return put(name, value);
    }

    public EventData texts(String name, List<String> values) {
        return put(name, List.copyOf(values));
    }

    /** Adds another piece's fields after these. */
    public EventData and(EventData more) {
        more.fields.forEach(this::put);
        return this;
    }

    /** The fields in the order they were written, as JSON serialises them. */
    public Map<String, Object> fields() {
        return Collections.unmodifiableMap(fields);
    }

    private EventData put(String name, Object value) {
        if (fields.putIfAbsent(name, Objects.requireNonNull(value, name)) != null) {
            throw new IllegalArgumentException("event data field " + name + " written twice");
        }
        return this;
    }
}
