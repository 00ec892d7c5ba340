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
 * @param taken     present when this read also took the WebAuthn challenge of the page shown last
 *                  (the row keeps none: {@link PendingSignIns#findTakingChallenge}); empty when read
 *                  without taking it
 */
public record PendingSignIn(UUID id, UUID tenantId, Optional<UUID> userId, Optional<UUID> sessionId, Proofs proofs,
                            boolean enrolled, Optional<TakenChallenge> taken, Instant expiresAt) {

    /** The challenge a read took from the row: empty when the row had none (used already, or never shown). */
    public record TakenChallenge(Optional<byte[]> value) {}

    @Override
    public String toString() {
        return "PendingSignIn[" + id + ", user " + userId.map(UUID::toString).orElse("-") + ", " + proofs + "]";
    }
}
