package com.orbusdigital.oid.oauth.token;

import com.orbusdigital.oid.client.ClientSnapshot;
import com.orbusdigital.oid.client.ClientType;
import com.orbusdigital.oid.event.TokenIssued;
import com.orbusdigital.oid.protocol.OAuthError;
import com.orbusdigital.oid.protocol.OAuthException;
import com.orbusdigital.oid.protocol.Scope;
import com.orbusdigital.oid.token.AccessTokenClaims;
import com.orbusdigital.oid.token.AccessTokenIssuer;
import com.orbusdigital.oid.token.IssuedToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.Optional;

/** RFC 6749 §4.4: a confidential client obtains a token for itself. */
@ApplicationScoped
public class ClientCredentialsGrant implements GrantHandler {

    public static final String GRANT_TYPE = "client_credentials";

    private AccessTokenIssuer issuer;
    private Event<TokenIssued> issued;

    protected ClientCredentialsGrant() {
        // for the CDI proxy
    }

    @Inject
    public ClientCredentialsGrant(AccessTokenIssuer issuer, Event<TokenIssued> issued) {
        this.issuer = issuer;
        this.issued = issued;
    }

    @Override
    public String grantType() {
        return GRANT_TYPE;
    }

    @Override
    public TokenResponse handle(TokenRequest request, ClientSnapshot client) {
        if (client.type() != ClientType.CONFIDENTIAL) {
            throw OAuthException.of(OAuthError.UNAUTHORIZED_CLIENT, "only confidential clients may use client_credentials");
        }
        Scope allowed = Scope.of(client.scopes());
        // no scope asked: the client's registered scopes (RFC 6749 §3.3 lets the server choose a default)
        Scope scope = request.parameters().optional("scope").map(Scope::parse).orElse(allowed);
        for (String value : scope.values()) {
            if (!allowed.contains(value)) {
                throw OAuthException.of(OAuthError.INVALID_SCOPE, "scope '" + value + "' is not allowed for this client");
            }
        }
        IssuedToken token = issuer.issue(new AccessTokenClaims(
                client.clientId(), client.clientId(), client.tenantId(), scope, client.roles()));
        issued.fire(new TokenIssued(client.tenantId(), client.clientId(), Optional.empty(), GRANT_TYPE,
                token.jti(), token.issuedAt(), token.expiresAt()));
        return TokenResponse.bearer(token.value(), token.expiresInSeconds(), scope.isEmpty() ? null : scope.toString());
    }
}
