package com.orbusdigital.oid.oauth.token;

import com.orbusdigital.oid.client.ClientSnapshot;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.event.Revocation;
import com.orbusdigital.oid.persistence.Transactional;
import com.orbusdigital.oid.token.RefreshTokens;
import com.orbusdigital.oid.token.RefreshTokens.Rotation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * The refresh grant's careful path, for what the one-statement path left open (a retired token, a
 * race): one transaction with the token's row locked, committed whatever the outcome, so a detected
 * reuse stays revoked, and published, although the request fails.
 */
@ApplicationScoped
public class CarefulRotation {

    private RefreshTokens refreshTokens;
    private Event<IdentityEvent> events;
    private Duration reuseGrace;

    protected CarefulRotation() {
        // for the CDI proxy
    }

    @Inject
    public CarefulRotation(RefreshTokens refreshTokens, Event<IdentityEvent> events, OidConfig config) {
        this.refreshTokens = refreshTokens;
        this.events = events;
        this.reuseGrace = config.signIn().refreshReuseGrace();
    }

    @Transactional
    public Rotation rotate(RefreshTokens.Refresh refresh, ClientSnapshot client) {
        Rotation outcome = refreshTokens.rotateCarefully(refresh, reuseGrace);
        if (outcome instanceof Rotation.ReuseDetected reuse) {
            reuseDetected(reuse.token(), reuse.refreshTokensRevoked(), client);
        }
        return outcome;
    }

    private void reuseDetected(RefreshTokens.Stored token, int revoked, ClientSnapshot client) {
        events.fire(new Revocation.RefreshReuseDetected(token.tenantId(), token.userId(), client.clientId(), token.familyId(), revoked));
    }
}
