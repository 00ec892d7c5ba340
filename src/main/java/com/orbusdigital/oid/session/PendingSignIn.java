package com.orbusdigital.oid.session;

import com.orbusdigital.oid.protocol.Proofs;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A sign-in under way (table sign_in_flows): what the browser proved so far, for whom, and — when
 * it steps a live session up — which session.
 *
 * @param userId    empty until someone is identified (a passkey sign-in starts without a username)
 * @param enrolled  a factor was set up during this sign-in (its recovery codes are shown at the end)
 * @param challenge the WebAuthn challenge of the page shown last, until an assertion uses it
 */
public record PendingSignIn(UUID id, UUID tenantId, Optional<UUID> userId, Optional<UUID> sessionId, Proofs proofs,
                            boolean enrolled, Optional<byte[]> challenge, Instant expiresAt) {

    @Override
    public String toString() {
        return "PendingSignIn[" + id + ", user " + userId.map(UUID::toString).orElse("-") + ", " + proofs + "]";
    }
}
