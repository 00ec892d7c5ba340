package com.orbusdigital.oid.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Typed reads over a {@link ConfigSource}; every failure names the variable. Blank counts as unset. */
final class Settings {

    private final ConfigSource source;

    Settings(ConfigSource source) {
        this.source = source;
    }

    Optional<String> optional(String name) {
        return source.get(name).map(String::strip).filter(value -> !value.isEmpty());
    }

    String required(String name, String example) {
        return optional(name).orElseThrow(() -> new ConfigException(name, "is required (e.g. " + example + ")"));
    }

    String string(String name, String defaultValue) {
        return optional(name).orElse(defaultValue);
    }

    int integer(String name, int defaultValue, int min, int max) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigException(name, "must be a whole number from " + min + " to " + max + ", got '" + raw.get() + "'");
    }

    boolean bool(String name, boolean defaultValue) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        return switch (raw.get().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new ConfigException(name, "must be true or false, got '" + raw.get() + "'");
        };
    }

    /** Comma-separated, blanks dropped. */
    List<String> list(String name) {
        return optional(name)
                .map(raw -> Arrays.stream(raw.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }
}
