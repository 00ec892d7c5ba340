package com.orbusdigital.oid.token;

import com.orbusdigital.oid.protocol.Authentication;
import com.orbusdigital.oid.protocol.ClaimsRequest;
import com.orbusdigital.oid.protocol.Scope;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What an access token says about its subject.
 *
 * @param subject  the client_id for machine-to-machine tokens, the user's id for user tokens
 * @param roles    role names of the subject in its tenant
 * @param claims   the sign-in's claims request, whose userinfo part the token carries to userinfo
 * @param signIn   a user's sign-in: {@code auth_time} and {@code acr} (and {@code amr}), so that a
 *                 service can ask for a stronger one (RFC 9470); empty for machine-to-machine tokens
 */
public record AccessTokenClaims(String subject, String clientId, UUID tenantId, Scope scope, List<String> roles,
                                ClaimsRequest claims, Optional<Authentication> signIn) {

    public AccessTokenClaims {
        roles = List.copyOf(roles);
    }

    /** A token without a claims request: every machine-to-machine token. */
    public AccessTokenClaims(String subject, String clientId, UUID tenantId, Scope scope, List<String> roles) {
        this(subject, clientId, tenantId, scope, roles, ClaimsRequest.NONE, Optional.empty());
    }
}
