package com.orbusdigital.oid.session;

import java.time.Instant;
import java.util.UUID;

/**
 * A browser's sign-in at OID: who, in which tenant, and when they last gave their password
 * ({@code auth_time} of the ID tokens issued from it).
 */
public record SignInSession(UUID id, UUID tenantId, UUID userId, Instant authTime, Instant expiresAt) {}
