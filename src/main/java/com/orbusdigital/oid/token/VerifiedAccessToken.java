package com.orbusdigital.oid.token;

import com.orbusdigital.oid.protocol.ClaimsRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An access token whose signature, type, issuer, audience, lifetime and revocation have been checked,
 * and whose holder may still use it.
 *
 * @param roles  the roles the token was issued with (its claim)
 * @param holder its client and user as they are now: what authorisation decides on
 * @param claims the claims its sign-in asked userinfo for (only {@link ClaimsRequest#userinfo} is carried)
 */
public record VerifiedAccessToken(String subject, String clientId, UUID tenantId, List<String> roles,
                                  Optional<String> scope, String jti, Instant issuedAt,
                                  Instant expiresAt, TokenHolder holder, ClaimsRequest claims) {

    public VerifiedAccessToken {
        roles = List.copyOf(roles);
    }
}
