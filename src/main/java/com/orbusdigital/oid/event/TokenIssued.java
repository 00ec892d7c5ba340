package com.orbusdigital.oid.event;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** {@code oid.token.issued}: an access token was issued, to a client alone or for a user. */
public record TokenIssued(UUID tenantId, String clientId, Optional<UUID> userId, String grantType,
                          String jti, Instant issuedAt, Instant expiresAt) implements TokenEvent {

    @Override
    public String type() {
        return "oid.token.issued";
    }

    @Override
    public String subject() {
        return userId.map(UUID::toString).orElse(clientId);
    }

    @Override
    public Instant time() {
        return issuedAt;
    }

    @Override
    public EventData data() {
        return EventData.of().id("tenant_id", tenantId).text("client_id", clientId).id("user_id", userId)
                .text("grant_type", grantType).text("jti", jti).time("expires_at", expiresAt);
    }
}
