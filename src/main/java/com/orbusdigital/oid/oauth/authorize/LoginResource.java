package com.orbusdigital.oid.oauth.authorize;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;

/** Where the login page posts: the credentials, the CSRF token and the authorization request again. */
@Path("/login")
@ApplicationScoped
public class LoginResource {

    private AuthorizationFlow flow;

    protected LoginResource() {
        // for the CDI proxy
    }

    @Inject
    public LoginResource(AuthorizationFlow flow) {
        this.flow = flow;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response login(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body, @Context HttpHeaders headers) {
        return AuthorizationResource.form(contentType, body)
                .map(parameters -> flow.login(parameters, headers.getCookies()))
                .orElseGet(() -> flow.errorPage("The sign-in form was malformed. Go back to the application and try again."));
    }
}
