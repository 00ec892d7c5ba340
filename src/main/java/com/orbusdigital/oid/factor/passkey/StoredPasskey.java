package com.orbusdigital.oid.factor.passkey;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A registered passkey as an assertion is checked against it.
 *
 * @param publicKey   its COSE_Key, as the authenticator gave it at registration
 * @param userEnabled whether its user may sign in at all
 * @param lockedUntil until when its user is locked out, if ever (read with the passkey: a sign-in
 *                    without a username learns who it is for only here)
 */
public record StoredPasskey(UUID id, UUID tenantId, UUID userId, byte[] credentialId, byte[] publicKey, long signCount,
                            Optional<UUID> aaguid, boolean backupEligible, boolean backedUp, boolean uvInitialized,
                            boolean userEnabled, Optional<Instant> lockedUntil) {

    /** Whether its user may sign in at {@code now}: enabled, and not locked out. */
    public boolean userMaySignIn(Instant now) {
        return userEnabled && lockedUntil.filter(now::isBefore).isEmpty();
    }

    /** Never the key or the credential id: what a log line may show. */
    @Override
    public String toString() {
        return "StoredPasskey[id=" + id + ", user=" + userId + "]";
    }
}
