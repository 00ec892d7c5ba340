package com.orbusdigital.oid.oauth.introspection;

import com.orbusdigital.oid.token.RefreshTokens;
import java.time.Clock;
import com.orbusdigital.oid.client.ClientSnapshot;
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
 * Refresh tokens (opaque, where access tokens are JWTs) are answered by the same tenant rule:
 * active while neither rotated, revoked nor expired.
 */
@ApplicationScoped
public class TokenIntrospection {

    private static final Map<String, Object> INACTIVE = Map.of("active", false);

    private AccessTokenVerifier verifier;
    private RefreshTokens refreshTokens;
    private Clock clock;
    private String issuer;
    private String audience;

    protected TokenIntrospection() {
        // for the CDI proxy
    }

    @Inject
    public TokenIntrospection(AccessTokenVerifier verifier, RefreshTokens refreshTokens, Clock clock, OidConfig config) {
        this.verifier = verifier;
        this.refreshTokens = refreshTokens;
        this.clock = clock;
        // the verifier accepted only tokens carrying exactly these
        this.issuer = config.issuer().value();
        this.audience = config.audience();
    }

    public Map<String, Object> introspect(String token, Optional<String> hint, ClientSnapshot client) {
        if (!token.contains(".")) {
            return introspectRefreshToken(token, client);
        }
        Optional<VerifiedAccessToken> verified = verifier.verify(token);
        if (verified.isEmpty() || !verified.get().tenantId().equals(client.tenantId())) {
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

    private Map<String, Object> introspectRefreshToken(String token, ClientSnapshot client) {
        if (token.length() > 256) {
            return INACTIVE;
        }
        Optional<RefreshTokens.Stored> found = refreshTokens.find(token)
                .filter(stored -> stored.tenantId().equals(client.tenantId()) && stored.isActive(clock.instant()));
        if (found.isEmpty()) {
            return INACTIVE;
        }
        RefreshTokens.Stored stored = found.get();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("active", true);
        answer.put("scope", stored.scope().toString());
        answer.put("client_id", stored.oauthClientId());
        answer.put("sub", stored.userId().toString());
        answer.put("iss", issuer);
        answer.put("exp", stored.expiresAt().getEpochSecond());
        answer.put("iat", stored.createdAt().getEpochSecond());
        answer.put("token_type", "refresh_token");
        answer.put("tenant_id", stored.tenantId().toString());
        return answer;
    }
}
