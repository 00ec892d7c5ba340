package com.orbusdigital.oid.token;

import com.orbusdigital.oid.oauth.ClaimsRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An access token whose signature, type, issuer, audience, lifetime and revocation have been checked.
 *
 * @param claims the claims its sign-in asked userinfo for (only {@link ClaimsRequest#userinfo} is carried)
 */
public record VerifiedAccessToken(String subject, String clientId, UUID tenantId, List<String> roles,
                                  Optional<String> scope, String jti, Instant issuedAt,
                                  Instant expiresAt, ClaimsRequest claims) {

    public VerifiedAccessToken {
        roles = List.copyOf(roles);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
