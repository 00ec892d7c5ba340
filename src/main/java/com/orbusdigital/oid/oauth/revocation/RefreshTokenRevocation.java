package com.orbusdigital.oid.oauth.revocation;

import com.orbusdigital.oid.client.ClientSnapshot;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.event.Revocation;
import com.orbusdigital.oid.persistence.Transactional;
import com.orbusdigital.oid.token.RefreshTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;

/** A client revokes a refresh token of its own, and so the family: one transaction with its event. */
@ApplicationScoped
public class RefreshTokenRevocation {

    private RefreshTokens refreshTokens;
    private Event<IdentityEvent> events;
    private Clock clock;

    protected RefreshTokenRevocation() {
        // for the CDI proxy
    }

    @Inject
    public RefreshTokenRevocation(RefreshTokens refreshTokens, Event<IdentityEvent> events, Clock clock) {
        this.refreshTokens = refreshTokens;
        this.events = events;
        this.clock = clock;
    }

    /** Revokes the refresh token's family if the token was issued to {@code client}; otherwise does nothing. */
    @Transactional
    public void revoke(String token, ClientSnapshot client) {
        Optional<RefreshTokens.Stored> found = refreshTokens.findForUpdate(token)
                .filter(stored -> stored.clientId().equals(client.id()) && stored.tenantId().equals(client.tenantId()));
        if (found.isEmpty() || found.get().revokedAt().isPresent()) {
            return;
        }
        RefreshTokens.Stored stored = found.get();
        int revoked = refreshTokens.revokeFamily(stored.familyId(), clock.instant());
        events.fire(new Revocation.RefreshTokenRevoked(stored.tenantId(), stored.userId(), client.clientId(), stored.familyId(),
                revoked));
    }
}
