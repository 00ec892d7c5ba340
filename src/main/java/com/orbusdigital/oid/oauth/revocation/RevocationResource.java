package com.orbusdigital.oid.oauth.revocation;

import com.orbusdigital.oid.client.ClientSnapshot;
import com.orbusdigital.oid.oauth.ClientAuthenticator;
import com.orbusdigital.oid.oauth.ClientCredentials;
import com.orbusdigital.oid.oauth.FormParameters;
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
 * The revocation endpoint (RFC 7009). The client authenticates as at the token endpoint; a public
 * client identifies itself by client_id alone (§2.1: the server authenticates the client "if the
 * client is confidential or was issued client credentials") and may revoke only tokens issued to
 * it. An authenticated request with a token answers 200 with an empty body whatever became of the
 * token (§2.2); {@code token_type_hint} is only a hint, so unknown values are ignored and
 * {@code unsupported_token_type} is never needed while OID can revoke every token it issues.
 */
@Path("/revoke")
@ProtocolEndpoint
@ApplicationScoped
public class RevocationResource {

    private ClientAuthenticator authenticator;
    private TokenRevocation revocation;

    protected RevocationResource() {
        // for the CDI proxy
    }

    @Inject
    public RevocationResource(ClientAuthenticator authenticator, TokenRevocation revocation) {
        this.authenticator = authenticator;
        this.revocation = revocation;
    }

    @POST
    @Consumes(MediaType.WILDCARD) // the content type is checked by FormParameters, to answer invalid_request rather than 415
    public Response revoke(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                           @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                           InputStream body) {
        FormParameters form = FormParameters.read(contentType, body);
        String token = form.required("token");
        ClientSnapshot client = authenticator.authenticate(ClientCredentials.from(authorization, form));
        revocation.revoke(token, form.optional("token_type_hint"), client);
        return NoStore.apply(Response.ok()).build();
    }
}
