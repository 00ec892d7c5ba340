package com.orbusdigital.oid.admin;

import java.util.List;
import java.util.function.Function;

/** One page of a list: {@code items}, the {@code total} number, and the window asked for. */
public record Page<T>(List<T> items, long total, int limit, int offset) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public <R> Page<R> map(Function<T, R> mapping) {
        return new Page<>(items.stream().map(mapping).toList(), total, limit, offset);
    }

    /** Validates ?limit and ?offset (raw strings so that "abc" is a 400 problem, not a framework 404). */
    public static Window window(String limit, String offset) {
        int l = parse("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
        int o = parse("offset", offset, 0, 0, 1_000_000);
        return new Window(l, o);
    }

    public record Window(int limit, int offset) {}

    private static int parse(String name, String raw, int defaultValue, int min, int max) {
        if (raw == null || raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ProblemException.invalid(java.util.Map.of(name, "must be a whole number from " + min + " to " + max));
    }
}
