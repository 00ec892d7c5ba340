package com.orbusdigital.oid.oauth.logout;

import com.orbusdigital.oid.oauth.FormParameters;
import com.orbusdigital.oid.oauth.error.OAuthException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;

/** The end_session_endpoint (RP-Initiated Logout 1.0 §2: GET and POST). */
@Path("/logout")
@ApplicationScoped
public class LogoutResource {

    private Logout logout;

    protected LogoutResource() {
        // for the CDI proxy
    }

    @Inject
    public LogoutResource(Logout logout) {
        this.logout = logout;
    }

    @GET
    public Response get(@Context HttpServletRequest request, @Context HttpHeaders headers) {
        try {
            // the query exactly as sent: JAX-RS's request URI has malformed escapes already "repaired" (% becomes %25)
            FormParameters parameters = FormParameters.fromQuery(request.getQueryString());
            return logout.handle(parameters, headers.getCookies(), false);
        } catch (OAuthException malformed) {
            return logout.errorPage("The sign-out request is malformed: " + malformed.description() + ".");
        }
    }

    @POST
    @Consumes(MediaType.WILDCARD) // the content type is checked by FormParameters, to answer with a page rather than 415
    public Response post(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body, @Context HttpHeaders headers) {
        try {
            FormParameters parameters = FormParameters.read(contentType, body);
            return logout.handle(parameters, headers.getCookies(), true);
        } catch (OAuthException malformed) {
            return logout.errorPage("The sign-out request is malformed: " + malformed.description() + ".");
        }
    }
}
