package com.orbusdigital.oid.session;

import com.orbusdigital.oid.protocol.Proofs;
import java.time.Instant;
import java.util.UUID;

/**
 * A browser's sign-in at OID: who, in which tenant, the factors they proved and when, and when they
 * last actively proved one ({@code auth_time} of the ID tokens issued from it).
 */
public record SignInSession(UUID id, UUID tenantId, UUID userId, Instant authTime, Instant expiresAt, Proofs proofs) {}
