package com.orbusdigital.oid.oauth.token;

import com.orbusdigital.oid.client.ClientSnapshot;
import com.orbusdigital.oid.protocol.OAuthError;
import com.orbusdigital.oid.protocol.OAuthException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * RFC 6749 §4.1.3 with PKCE (RFC 7636 §4.6) and OIDC Core §3.1.3: the client trades a code for
 * tokens, in one transaction ({@link CodeExchange}); the issuance is announced once it has committed.
 */
@ApplicationScoped
public class AuthorizationCodeGrant implements GrantHandler {

    public static final String GRANT_TYPE = "authorization_code";

    private CodeExchange exchange;
    private UserTokens tokens;

    protected AuthorizationCodeGrant() {
        // for the CDI proxy
    }

    @Inject
    public AuthorizationCodeGrant(CodeExchange exchange, UserTokens tokens) {
        this.exchange = exchange;
        this.tokens = tokens;
    }

    @Override
    public String grantType() {
        return GRANT_TYPE;
    }

    @Override
    public TokenResponse handle(TokenRequest request, ClientSnapshot client) {
        String code = request.parameters().required("code");
        Optional<String> verifier = request.parameters().optional("code_verifier");
        Optional<String> redirectUri = request.parameters().optional("redirect_uri");
        if (code.length() > 256) {
            throw OAuthException.of(OAuthError.INVALID_GRANT, CodeExchange.INVALID);
        }
        CodeExchange.Exchange outcome = exchange.exchange(code, verifier, redirectUri, client);
        if (outcome instanceof CodeExchange.Exchange.Refused refused) {
            throw refused.error();
        }
        CodeExchange.Exchange.Exchanged exchanged = (CodeExchange.Exchange.Exchanged) outcome;
        tokens.announce(exchanged.grant(), exchanged.issued(), GRANT_TYPE);
        return exchanged.issued().response();
    }
}
