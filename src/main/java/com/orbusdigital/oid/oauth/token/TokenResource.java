package com.orbusdigital.oid.oauth.token;

import com.orbusdigital.oid.client.ClientSnapshot;
import com.orbusdigital.oid.oauth.ClientAuthenticator;
import com.orbusdigital.oid.oauth.ClientCredentials;
import com.orbusdigital.oid.oauth.FormParameters;
import com.orbusdigital.oid.protocol.OAuthError;
import com.orbusdigital.oid.protocol.OAuthException;
import com.orbusdigital.oid.web.Excerpt;
import com.orbusdigital.oid.web.NoStore;
import com.orbusdigital.oid.web.ProtocolEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * The token endpoint (RFC 6749 §3.2): parse, pick the grant, authenticate the client, check the
 * client may use the grant, then let the grant do its work. The answer is JSON whatever the Accept
 * header asks for (RFC 6749 §5.1, §5.2): no {@code @Produces}, so an odd Accept never turns it into a 406.
 */
@Path("/token")
@ProtocolEndpoint
@ApplicationScoped
public class TokenResource {

    private ClientAuthenticator authenticator;
    private Map<String, GrantHandler> grants;

    protected TokenResource() {
        // for the CDI proxy
    }

    @Inject
    public TokenResource(ClientAuthenticator authenticator, Instance<GrantHandler> handlers) {
        this.authenticator = authenticator;
        this.grants = new HashMap<>();
        handlers.forEach(handler -> grants.put(handler.grantType(), handler));
    }

    @POST
    @Consumes(MediaType.WILDCARD) // the content type is checked by FormParameters, to answer invalid_request rather than 415
    public Response token(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                          @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                          InputStream body) {
        FormParameters form = FormParameters.read(contentType, body);
        String grantType = form.required("grant_type");
        GrantHandler grant = grants.get(grantType);
        if (grant == null) {
            throw OAuthException.of(OAuthError.UNSUPPORTED_GRANT_TYPE, "grant_type '" + Excerpt.of(grantType) + "' is not supported");
        }
        ClientCredentials credentials = ClientCredentials.from(authorization, form);
        ClientSnapshot client = authenticator.authenticate(credentials);
        if (!client.allowsGrant(grantType)) {
            throw OAuthException.of(OAuthError.UNAUTHORIZED_CLIENT, "this client may not use the " + grantType + " grant");
        }
        TokenResponse response = grant.handle(new TokenRequest(grantType, form, credentials), client);
        return NoStore.apply(Response.ok(response, MediaType.APPLICATION_JSON_TYPE)).build();
    }
}
