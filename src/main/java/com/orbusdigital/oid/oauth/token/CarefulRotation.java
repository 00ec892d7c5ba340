package com.orbusdigital.oid.oauth.token;

import com.orbusdigital.oid.client.ClientSnapshot;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.persistence.Transactional;
import com.orbusdigital.oid.token.RefreshTokens;
import com.orbusdigital.oid.token.RefreshTokens.Rotation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

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
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tenant_id", token.tenantId().toString());
        data.put("user_id", token.userId().toString());
        data.put("client_id", client.clientId());
        data.put("family_id", token.familyId().toString());
        data.put("refresh_tokens_revoked", revoked);
        events.fire(new IdentityEvent("oid.refresh_token.reuse_detected", token.tenantId(), token.userId().toString(), data));
    }
}
