package com.orbusdigital.oid.oauth.introspection;

import com.orbusdigital.oid.client.ClientSnapshot;
import com.orbusdigital.oid.client.ClientType;
import com.orbusdigital.oid.oauth.ClientAuthenticator;
import com.orbusdigital.oid.oauth.ClientCredentials;
import com.orbusdigital.oid.oauth.FormParameters;
import com.orbusdigital.oid.protocol.OAuthException;
import com.orbusdigital.oid.web.NoStore;
import com.orbusdigital.oid.web.ProtocolEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;

/**
 * The introspection endpoint (RFC 7662). Only confidential clients may ask (§2.1 requires
 * authorisation, §4 warns against token scanning): a public client proves nothing by naming its
 * client_id, so it is {@code invalid_client} like a wrong secret. The answer carries token
 * claims, so it is never cached (§4: no-store). It is JSON whatever the Accept header asks for (no
 * {@code @Produces}: an odd Accept never turns it into a 406).
 */
@Path("/introspect")
@ProtocolEndpoint
@ApplicationScoped
public class IntrospectionResource {

    private ClientAuthenticator authenticator;
    private TokenIntrospection introspection;

    protected IntrospectionResource() {
        // for the CDI proxy
    }

    @Inject
    public IntrospectionResource(ClientAuthenticator authenticator, TokenIntrospection introspection) {
        this.authenticator = authenticator;
        this.introspection = introspection;
    }

    @POST
    @Consumes(MediaType.WILDCARD) // the content type is checked by FormParameters, to answer invalid_request rather than 415
    public Response introspect(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                               @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                               InputStream body) {
        FormParameters form = FormParameters.read(contentType, body);
        String token = form.required("token");
        ClientCredentials credentials = ClientCredentials.from(authorization, form);
        if (credentials.secret().isEmpty()) {
            // checked before any lookup: a bare client_id is answered like no authentication at all
            throw OAuthException.invalidClient("client authentication with a client secret is required", false);
        }
        ClientSnapshot client = authenticator.authenticate(credentials);
        if (client.type() != ClientType.CONFIDENTIAL) {
            throw OAuthException.invalidClient("client authentication failed", credentials.basicAttempted());
        }
        return NoStore.apply(Response.ok(introspection.introspect(token, form.optional("token_type_hint"), client),
                MediaType.APPLICATION_JSON_TYPE)).build();
    }
}
