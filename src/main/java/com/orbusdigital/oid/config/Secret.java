package com.orbusdigital.oid.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/** A configured secret: never printed, compared in constant time. */
public final class Secret {

    private final String value;

    public Secret(String value) {
        this.value = Objects.requireNonNull(value);
    }

    /** The raw value, for the one place that must hand it on (a JDBC driver, a hash function). */
    public String reveal() {
        return value;
    }

    /** Constant-time comparison, so the time taken says nothing about how much of a guess matched. */
    public boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    public int length() {
        return value.length();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret that && MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), that.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return 0; // secrets are not hash keys; a constant keeps equals/hashCode consistent without leaking
    }

    @Override
    public String toString() {
        return "********";
    }
}
