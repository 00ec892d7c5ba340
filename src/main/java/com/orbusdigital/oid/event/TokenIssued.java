package com.orbusdigital.oid.event;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A token was issued. Carries who and how, and the token's {@code jti} so consumers can correlate
 * — never the token itself.
 */
public record TokenIssued(UUID tenantId, String clientId, Optional<UUID> userId, String grantType,
                          String jti, Instant issuedAt, Instant expiresAt) {}
