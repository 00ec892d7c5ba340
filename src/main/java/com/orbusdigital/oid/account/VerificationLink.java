package com.orbusdigital.oid.account;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Issue 17: an email verification's link as stored (table email_verifications), with what it is
 * checked against now: its user's address and whether the user and tenant are enabled. The rules
 * of a live link are here, in one place, read on the page and again under the user's row lock when
 * it is used.
 *
 * @param email       the address the link proves
 * @param boundEmail  the user's address when the link was made ("" for none)
 * @param currentEmail the user's address now
 */
record VerificationLink(UUID tenantId, UUID userId, Purpose purpose, String email, String boundEmail, Instant expiresAt,
                        Optional<Instant> usedAt, Optional<String> currentEmail, boolean usable) {

    /** How long a link works: a day, long enough to reach a mailbox read on another device. */
    static final Duration VALID = Duration.ofHours(24);

    /** What a link is for: proving the user's current address, or a new one that replaces it once proved. */
    enum Purpose {
        VERIFY, CHANGE;

        String column() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Purpose of(String column) {
            return valueOf(column.toUpperCase(Locale.ROOT));
        }
    }

    VerificationLink {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(boundEmail, "boundEmail");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /**
     * Live at {@code now}: unused, unexpired, its user and tenant enabled, and the user's address
     * still the one it was made under (case-insensitively, as the unique index compares): an
     * address changed by any route since — the admin API, another link — kills it.
     */
    boolean liveAt(Instant now) {
        return usedAt.isEmpty() && now.isBefore(expiresAt) && usable
                && currentEmail.orElse("").toLowerCase(Locale.ROOT).equals(boundEmail.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return "VerificationLink[" + userId + ", " + purpose + "]"; // never an address
    }
}
