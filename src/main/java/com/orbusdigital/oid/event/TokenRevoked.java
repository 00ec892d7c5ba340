package com.orbusdigital.oid.event;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code oid.token.revoked}: a token was revoked (RFC 7009) by the client it was issued to. Its
 * {@code jti} correlates it with its {@link TokenIssued}. (An oid-admin's revocation by jti is
 * {@link Revocation.AccessTokenRevoked}, through the outbox.)
 */
public record TokenRevoked(UUID tenantId, String clientId, String jti, Instant revokedAt, Instant expiresAt)
        implements TokenEvent {

    @Override
    public String type() {
        return "oid.token.revoked";
    }

    @Override
    public String subject() {
        return clientId;
    }

    @Override
    public Instant time() {
        return revokedAt;
    }

    @Override
    public EventData data() {
        return EventData.of().id("tenant_id", tenantId).text("client_id", clientId).text("jti", jti).time("expires_at", expiresAt);
    }
}
