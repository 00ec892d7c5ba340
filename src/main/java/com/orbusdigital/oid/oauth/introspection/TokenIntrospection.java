package com.orbusdigital.oid.oauth.introspection;

import com.orbusdigital.oid.client.Client;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.token.AccessTokenVerifier;
import com.orbusdigital.oid.token.VerifiedAccessToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * RFC 7662 §2.2: what a resource server may learn about a token. A token that is not a current,
 * unrevoked access token of OID, or that belongs to another tenant than the asking client's, is
 * exactly {@code {"active":false}} (§2.2: "SHOULD NOT include any additional information"), so
 * no caller learns anything about another tenant's tokens.
 * <p>
 * Only access tokens exist so far; refresh tokens will be looked up by the hint's order, as in
 * revocation, and answered with the same tenant rule.
 */
@ApplicationScoped
public class TokenIntrospection {

    private static final Map<String, Object> INACTIVE = Map.of("active", false);

    private AccessTokenVerifier verifier;
    private String issuer;
    private String audience;

    protected TokenIntrospection() {
        // for the CDI proxy
    }

    @Inject
    public TokenIntrospection(AccessTokenVerifier verifier, OidConfig config) {
        this.verifier = verifier;
        // the verifier accepted only tokens carrying exactly these
        this.issuer = config.issuer().value();
        this.audience = config.audience();
    }

    public Map<String, Object> introspect(String token, Optional<String> hint, Client client) {
        Optional<VerifiedAccessToken> verified = verifier.verify(token);
        if (verified.isEmpty() || !verified.get().tenantId().equals(client.tenant().id())) {
            return INACTIVE;
        }
        VerifiedAccessToken access = verified.get();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("active", true);
        access.scope().ifPresent(scope -> answer.put("scope", scope));
        answer.put("client_id", access.clientId());
        answer.put("sub", access.subject());
        answer.put("aud", audience);
        answer.put("iss", issuer);
        answer.put("exp", access.expiresAt().getEpochSecond());
        answer.put("iat", access.issuedAt().getEpochSecond());
        answer.put("jti", access.jti());
        answer.put("token_type", "Bearer");
        answer.put("tenant_id", access.tenantId().toString());
        answer.put("roles", access.roles());
        return answer;
    }
}
