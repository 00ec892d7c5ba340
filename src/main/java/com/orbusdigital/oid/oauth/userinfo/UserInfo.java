package com.orbusdigital.oid.oauth.userinfo;

import com.orbusdigital.oid.persistence.Transactional;
import com.orbusdigital.oid.protocol.OAuthError;
import com.orbusdigital.oid.protocol.OAuthException;
import com.orbusdigital.oid.protocol.Scope;
import com.orbusdigital.oid.tenant.Tenant;
import com.orbusdigital.oid.tenant.TenantRepository;
import com.orbusdigital.oid.token.AccessTokenVerifier;
import com.orbusdigital.oid.token.IdTokenClaims;
import com.orbusdigital.oid.token.TokenHolders;
import com.orbusdigital.oid.token.VerifiedAccessToken;
import com.orbusdigital.oid.user.User;
import com.orbusdigital.oid.user.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The claims userinfo answers (OIDC Core §5.3.2): {@code sub} — the same as the ID token's — the
 * claims of the scopes the token carries, and those the sign-in asked userinfo for through the
 * {@code claims} parameter (§5.5), which the token carries too; {@code tenant_id} only when asked
 * for. Only a user's token with {@code openid} qualifies;
 * a machine-to-machine token has no user to describe.
 */
@ApplicationScoped
public class UserInfo {

    private AccessTokenVerifier verifier;
    private UserRepository users;
    private TenantRepository tenants;

    protected UserInfo() {
        // for the CDI proxy
    }

    @Inject
    public UserInfo(AccessTokenVerifier verifier, UserRepository users, TenantRepository tenants) {
        this.verifier = verifier;
        this.users = users;
        this.tenants = tenants;
    }

    @Transactional
    public Map<String, Object> claims(String token) {
        AccessTokenVerifier.Check check = verifier.check(token); // the rule of every verification, saying why
        VerifiedAccessToken access = check.token().orElseThrow(() -> OAuthException.bearer(OAuthError.INVALID_TOKEN,
                check.refusedByHolder(TokenHolders.Refusal.USER) ? "the token's user no longer exists or is disabled"
                        : "the access token is invalid, expired or revoked"));
        if (access.subject().equals(access.clientId())) {
            // a machine-to-machine token (sub = its client_id): no user, so no scope could make it do here
            throw OAuthException.bearer(OAuthError.INVALID_TOKEN, "userinfo needs an access token issued to a user");
        }
        Scope scope = Scope.parse(access.scope().orElse(""));
        if (!scope.contains("openid")) {
            throw OAuthException.bearer(OAuthError.INSUFFICIENT_SCOPE, "userinfo needs a token granted the openid scope");
        }
        User user = userId(access)
                .flatMap(id -> users.find(access.tenantId(), id))
                .filter(User::enabled)
                .filter(found -> tenants.find(access.tenantId()).map(Tenant::enabled).orElse(false))
                .orElseThrow(() -> OAuthException.bearer(OAuthError.INVALID_TOKEN, "the token's user no longer exists or is disabled"));
        IdTokenClaims.Person person = new IdTokenClaims.Person(user.id(), user.username(), user.name(), user.email(),
                user.emailVerified(), user.updatedAt(), user.standardClaims());
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", user.id().toString());
        claims.putAll(IdTokenClaims.scopeClaims(person, scope));
        IdTokenClaims.requestedClaims(person, access.tenantId(), access.claims().userinfo()).forEach(claims::putIfAbsent);
        return claims;
    }

    private static Optional<UUID> userId(VerifiedAccessToken access) {
        try {
            return Optional.of(UUID.fromString(access.subject()));
        } catch (IllegalArgumentException notAUser) {
            return Optional.empty(); // a client_id: a machine-to-machine token
        }
    }
}
