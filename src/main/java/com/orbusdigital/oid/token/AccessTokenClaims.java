package com.orbusdigital.oid.token;

import com.orbusdigital.oid.oauth.Scope;
import java.util.List;
import java.util.UUID;

/**
 * What an access token says about its subject.
 *
 * @param subject  the client_id for machine-to-machine tokens, the user's id for user tokens
 * @param roles    role names of the subject in its tenant
 */
public record AccessTokenClaims(String subject, String clientId, UUID tenantId, Scope scope, List<String> roles) {

    public AccessTokenClaims {
        roles = List.copyOf(roles);
    }
}
