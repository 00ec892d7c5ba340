package com.orbusdigital.oid.event;

import java.time.Instant;
import java.util.UUID;

/**
 * A token was revoked (RFC 7009) by the client it was issued to. Carries the token's {@code jti},
 * so consumers can correlate it with its {@link TokenIssued} — never the token itself.
 */
public record TokenRevoked(UUID tenantId, String clientId, String jti, Instant revokedAt, Instant expiresAt) {}
