package com.orbusdigital.oid.token;

import java.time.Instant;

/** A signed token and the facts about it that may be logged or published (never {@link #value()}). */
public record IssuedToken(String value, String jti, Instant issuedAt, Instant expiresAt) {

    public long expiresInSeconds() {
        return expiresAt.getEpochSecond() - issuedAt.getEpochSecond();
    }

    @Override
    public String toString() {
        return "IssuedToken[jti=" + jti + ", expiresAt=" + expiresAt + "]";
    }
}
