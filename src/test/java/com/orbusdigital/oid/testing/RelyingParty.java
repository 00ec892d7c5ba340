package com.orbusdigital.oid.testing;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.net.URL;
import java.util.Set;

/**
 * A downstream service as the platform's services are: it knows only the issuer URL, discovers
 * OID, and verifies access tokens against the published JWKS with the Nimbus SDK (a library OID
 * does not own).
 */
public final class RelyingParty {

    private final OIDCProviderMetadata metadata;
    private final DefaultJWTProcessor<SecurityContext> accessTokens;

    public RelyingParty(String issuer, String audience) throws Exception {
        this.metadata = OIDCProviderMetadata.resolve(new Issuer(issuer));
        URL jwksUri = metadata.getJWKSetURI().toURL();
        JWKSource<SecurityContext> keys = JWKSourceBuilder.create(jwksUri).retrying(false).build();
        accessTokens = new DefaultJWTProcessor<>();
        accessTokens.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        accessTokens.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        accessTokens.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audience,
                new JWTClaimsSet.Builder().issuer(issuer).build(),
                Set.of("sub", "iat", "exp", "jti", "client_id", "tenant_id", "roles")));
    }

    public OIDCProviderMetadata metadata() {
        return metadata;
    }

    /** Verifies signature, typ, alg, issuer, audience and expiry, or throws. */
    public JWTClaimsSet verifyAccessToken(String token) throws Exception {
        return accessTokens.process(token, null);
    }

    /** A client_credentials token, requested through the SDK with client_secret_basic. */
    public TokenResponse clientCredentials(String clientId, String secret, String scope) throws Exception {
        TokenRequest request = new TokenRequest(metadata.getTokenEndpointURI(),
                new ClientSecretBasic(new ClientID(clientId), new Secret(secret)),
                new ClientCredentialsGrant(), scope == null ? null : Scope.parse(scope));
        return TokenResponse.parse(request.toHTTPRequest().send());
    }
}
