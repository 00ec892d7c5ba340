package com.orbusdigital.oid.oauth.logout;

import com.orbusdigital.oid.oauth.FormParameters;
import com.orbusdigital.oid.protocol.OAuthException;
import com.orbusdigital.oid.web.BrowserEndpoint;
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
import java.util.Optional;

/** The end_session_endpoint (RP-Initiated Logout 1.0 §2: GET and POST). */
@Path("/logout")
@BrowserEndpoint
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
        // the query exactly as sent: JAX-RS's request URI has malformed escapes already "repaired" (% becomes %25)
        return handle(() -> FormParameters.fromQuery(request.getQueryString()), request, headers, false);
    }

    @POST
    @Consumes(MediaType.WILDCARD) // the content type is checked by FormParameters, to answer with a page rather than 415
    public Response post(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body,
                         @Context HttpServletRequest request, @Context HttpHeaders headers) {
        return handle(() -> FormParameters.read(contentType, body), request, headers, true);
    }

    private Response handle(java.util.function.Supplier<FormParameters> read, HttpServletRequest request, HttpHeaders headers, boolean post) {
        logout.pageRequest(Optional.empty(), headers, post).recordIn(request);
        FormParameters parameters;
        try {
            parameters = read.get();
        } catch (OAuthException malformed) {
            throw Logout.error("logout.error.malformed", malformed.description());
        }
        return logout.handle(parameters, logout.pageRequest(Optional.of(parameters), headers, post).recordIn(request), headers.getCookies(),
                post);
    }
}
