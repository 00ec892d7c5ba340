package com.orbusdigital.oid.user;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What verifying a user's access token reads of the user now, kept by {@link UserCache}: immutable,
 * so every request may share it. Sign-in counters are not part of it (they change at every sign-in).
 *
 * @param roles               the names of the user's roles, sorted
 * @param tokensRevokedBefore tokens issued to the user at or before this second are revoked
 */
public record UserSnapshot(UUID id, UUID tenantId, boolean enabled, List<String> roles, Optional<Instant> tokensRevokedBefore) {

    public UserSnapshot {
        roles = List.copyOf(roles);
    }
}
