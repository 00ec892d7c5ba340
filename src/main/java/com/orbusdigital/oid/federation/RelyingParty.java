package com.orbusdigital.oid.federation;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.crypto.RandomValues;
import com.orbusdigital.oid.key.SigningKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * OID as the relying party of a tenant's provider, with the Nimbus SDK: the authentication request
 * (code flow, PKCE S256, state, nonce), and the code's exchange — the client authenticated as the
 * provider's row says, the ID token validated ({@link ProviderMetadata}: issuer, audience and azp,
 * exp and iat within a minute's skew, the nonce, an RS256 or ES256 signature by a key of the
 * provider's JWKS), userinfo read when a mapped claim is missing (its {@code sub} must be the ID
 * token's). Every request has {@link ProviderMetadata#TIMEOUT}.
 */
@ApplicationScoped
public class RelyingParty {

    /** The redirect URI registered at the provider: one per provider, so that an answer cannot be taken for another's (mix-up). */
    public static String callback(com.orbusdigital.oid.config.Issuer issuer, UUID providerId) {
        return issuer.endpoint("/login/federation/" + providerId + "/callback");
    }

    /** What was sent, as the callback must check it. */
    public record Sent(URI location, String state, String nonce, String codeVerifier) {
        @Override
        public String toString() {
            return "Sent[" + location.getHost() + "]";
        }
    }

    private ProviderMetadata metadata;
    private ProviderSecretSeal seal;
    private SigningKeys signingKeys;
    private com.orbusdigital.oid.config.Issuer issuer;
    private Clock clock;

    protected RelyingParty() {
        // for the CDI proxy
    }

    @Inject
    public RelyingParty(ProviderMetadata metadata, ProviderSecretSeal seal, SigningKeys signingKeys, OidConfig config, Clock clock) {
        this.metadata = metadata;
        this.seal = seal;
        this.signingKeys = signingKeys;
        this.issuer = config.issuer();
        this.clock = clock;
    }

    /** Where to send the browser: the provider's authorization endpoint with a fresh state, nonce and PKCE challenge. */
    public Sent authenticationRequest(UpstreamProvider provider, Optional<String> loginHint) {
        ProviderMetadata.Endpoints endpoints = metadata.of(provider);
        State state = new State(RandomValues.base64url(32));
        Nonce nonce = new Nonce(RandomValues.base64url(32));
        CodeVerifier verifier = new CodeVerifier();
        Scope scope = new Scope("openid");
        provider.scopes().forEach(scope::add);
        AuthenticationRequest.Builder request = new AuthenticationRequest.Builder(ResponseType.CODE, scope,
                new ClientID(provider.clientId()), URI.create(callback(issuer, provider.id())))
                .endpointURI(endpoints.authorization())
                .state(state)
                .nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256);
        loginHint.ifPresent(request::loginHint);
        return new Sent(request.build().toURI(), state.getValue(), nonce.getValue(), verifier.getValue());
    }

    /**
     * The callback's answer checked and its code exchanged: the identity the provider vouches for.
     *
     * @param iss the answer's RFC 9207 {@code iss}, when it had one
     */
    public UpstreamIdentity exchange(UpstreamProvider provider, String code, Optional<String> iss, String nonce, String codeVerifier) {
        ProviderMetadata.Endpoints endpoints = metadata.of(provider);
        if (iss.map(value -> !value.equals(provider.issuer())).orElse(endpoints.issParameterRequired())) {
            // RFC 9207 §2.4: another issuer's answer (mix-up), or none from a provider that promised one
            throw new FederationFailure(FederationFailure.Reason.INVALID, "the answer's iss is " + (iss.isPresent() ? "another issuer's"
                    : "missing") + " (" + provider + ")");
        }
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), URI.create(callback(issuer, provider.id())),
                new CodeVerifier(codeVerifier));
        Optional<ClientAuthentication> authentication = authentication(provider, endpoints.token());
        TokenRequest request = authentication.isPresent() ? new TokenRequest(endpoints.token(), authentication.get(), grant, null)
                : new TokenRequest(endpoints.token(), new ClientID(provider.clientId()), grant, null);
        TokenResponse response;
        try {
            response = OIDCTokenResponseParser.parse(bounded(request.toHTTPRequest()).send());
        } catch (IOException e) {
            throw new FederationFailure(FederationFailure.Reason.UNAVAILABLE, "token endpoint of " + provider + " failed", e);
        } catch (ParseException e) {
            throw new FederationFailure(FederationFailure.Reason.INVALID, "token response of " + provider + " is not one", e);
        }
        if (!response.indicatesSuccess()) {
            throw new FederationFailure(FederationFailure.Reason.REFUSED, "token endpoint of " + provider + " refused the code: "
                    + safe(response.toErrorResponse().getErrorObject().getCode()));
        }
        OIDCTokenResponse tokens = (OIDCTokenResponse) response.toSuccessResponse();
        JWT idToken = tokens.getOIDCTokens().getIDToken();
        if (idToken == null) {
            throw new FederationFailure(FederationFailure.Reason.INVALID, "token response of " + provider + " has no ID token");
        }
        IDTokenClaimsSet claims;
        try {
            claims = endpoints.idTokens().validate(idToken, new Nonce(nonce));
        } catch (BadJOSEException | JOSEException e) {
            // Nimbus's message names the check that failed (expired, bad nonce, no matching key), never the token
            throw new FederationFailure(FederationFailure.Reason.INVALID, "ID token of " + provider + " refused: " + safe(e.getMessage()));
        }
        Map<String, Object> all = new HashMap<>(claims.toJSONObject());
        if (endpoints.userinfo().isPresent() && missesMapped(provider, all)) {
            all.putAll(userinfo(provider, endpoints.userinfo().get(), tokens.getOIDCTokens().getBearerAccessToken(),
                    claims.getSubject().getValue()));
        }
        List<String> amr = claims.getAMR() == null ? List.of() : claims.getAMR().stream().map(Object::toString).toList();
        return new UpstreamIdentity(claims.getSubject().getValue(), all, amr, Optional.ofNullable(claims.getStringClaim("sid")));
    }

    private static boolean missesMapped(UpstreamProvider provider, Map<String, Object> claims) {
        List<String> mapped = new ArrayList<>(List.of(provider.usernameClaim(), provider.emailClaim(), provider.nameClaim()));
        provider.rolesClaim().ifPresent(mapped::add);
        return mapped.stream().anyMatch(claim -> !claims.containsKey(claim));
    }

    private Map<String, Object> userinfo(UpstreamProvider provider, URI endpoint, BearerAccessToken token, String subject) {
        UserInfoResponse response;
        try {
            response = UserInfoResponse.parse(bounded(new UserInfoRequest(endpoint, token).toHTTPRequest()).send());
        } catch (IOException e) {
            throw new FederationFailure(FederationFailure.Reason.UNAVAILABLE, "userinfo of " + provider + " failed", e);
        } catch (ParseException e) {
            throw new FederationFailure(FederationFailure.Reason.INVALID, "userinfo of " + provider + " is not one (a signed answer?)", e);
        }
        if (!response.indicatesSuccess()) {
            throw new FederationFailure(FederationFailure.Reason.REFUSED, "userinfo of " + provider + " refused the access token");
        }
        UserInfo info = response.toSuccessResponse().getUserInfo();
        if (info == null || info.getSubject() == null || !subject.equals(info.getSubject().getValue())) {
            // OIDC Core §5.3.2: another user's claims must not be mixed in
            throw new FederationFailure(FederationFailure.Reason.INVALID, "userinfo of " + provider + " names another subject");
        }
        Map<String, Object> claims = new LinkedHashMap<>(info.toJSONObject());
        claims.remove("sub");
        return claims;
    }

    /** How OID proves itself at the token endpoint; empty for a public client (PKCE alone). */
    private Optional<ClientAuthentication> authentication(UpstreamProvider provider, URI tokenEndpoint) {
        ClientID clientId = new ClientID(provider.clientId());
        switch (provider.clientAuth()) {
            case CLIENT_SECRET_BASIC:
                return Optional.of(new ClientSecretBasic(clientId, secret(provider)));
            case CLIENT_SECRET_POST:
                return Optional.of(new ClientSecretPost(clientId, secret(provider)));
            case PRIVATE_KEY_JWT:
                return Optional.of(privateKeyJwt(provider, tokenEndpoint));
            default:
                return Optional.empty();
        }
    }

    private Secret secret(UpstreamProvider provider) {
        byte[] sealed = provider.sealedSecret().orElseThrow(() -> new FederationFailure(FederationFailure.Reason.UNAVAILABLE,
                "no client secret for " + provider));
        try {
            return new Secret(seal.open(provider.id(), sealed).reveal());
        } catch (IllegalStateException e) {
            throw new FederationFailure(FederationFailure.Reason.UNAVAILABLE, "the client secret of " + provider + " does not open", e);
        }
    }

    /** RFC 7523 §3: signed with OID's current signing key, the one its JWKS publishes for the provider to verify. */
    private PrivateKeyJWT privateKeyJwt(UpstreamProvider provider, URI tokenEndpoint) {
        Instant now = clock.instant();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", provider.clientId());
        claims.put("sub", provider.clientId());
        claims.put("aud", tokenEndpoint.toString());
        claims.put("jti", RandomValues.base64url(16));
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plusSeconds(60).getEpochSecond());
        String jws = signingKeys.ring().active().sign("JWT", JSONObjectUtils.toJSONString(claims));
        try {
            return new PrivateKeyJWT(SignedJWT.parse(jws));
        } catch (java.text.ParseException e) {
            throw new IllegalStateException("a client assertion OID signed does not parse", e);
        }
    }

    private static HTTPRequest bounded(HTTPRequest request) {
        request.setConnectTimeout((int) ProviderMetadata.TIMEOUT.toMillis());
        request.setReadTimeout((int) ProviderMetadata.TIMEOUT.toMillis());
        return request;
    }

    /** An error code or a validator's message, cut and kept to printable ASCII: a log line, one line. */
    static String safe(String text) {
        if (text == null) {
            return "(none)";
        }
        String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 120 ? printable.substring(0, 120) + "…" : printable;
    }
}
