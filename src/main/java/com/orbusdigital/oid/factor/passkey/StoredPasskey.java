package com.orbusdigital.oid.factor.passkey;

import java.util.Optional;
import java.util.UUID;

/**
 * A registered passkey as an assertion is checked against it.
 *
 * @param publicKey   its COSE_Key, as the authenticator gave it at registration
 * @param userEnabled whether its user may sign in at all
 */
public record StoredPasskey(UUID id, UUID tenantId, UUID userId, byte[] credentialId, byte[] publicKey, long signCount,
                            Optional<UUID> aaguid, boolean backupEligible, boolean backedUp, boolean uvInitialized,
                            boolean userEnabled) {

    /** Never the key or the credential id: what a log line may show. */
    @Override
    public String toString() {
        return "StoredPasskey[id=" + id + ", user=" + userId + "]";
    }
}
