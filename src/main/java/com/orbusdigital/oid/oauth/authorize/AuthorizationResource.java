package com.orbusdigital.oid.oauth.authorize;

import com.orbusdigital.oid.oauth.FormParameters;
import com.orbusdigital.oid.protocol.OAuthException;
import com.orbusdigital.oid.web.BrowserEndpoint;
import com.orbusdigital.oid.web.page.BrowserError;
import com.orbusdigital.oid.web.page.Message;
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

/**
 * The authorization endpoint (RFC 6749 §3.1, OIDC Core §3.1.2.1: GET and POST). Parameters are parsed as strictly as the token endpoint's (a repeated parameter
 * is refused, RFC 6749 §3.1); what cannot even be parsed is an error page, since no client is
 * trusted yet to be sent anywhere.
 */
@Path("/authorize")
@BrowserEndpoint
@ApplicationScoped
public class AuthorizationResource {

    private AuthorizationFlow flow;

    protected AuthorizationResource() {
        // for the CDI proxy
    }

    @Inject
    public AuthorizationResource(AuthorizationFlow flow) {
        this.flow = flow;
    }

    @GET
    public Response authorize(@Context HttpServletRequest request, @Context HttpHeaders headers) {
        FormParameters parameters;
        try {
            // the query exactly as sent: JAX-RS's request URI has malformed escapes already "repaired" (% becomes %25)
            parameters = FormParameters.fromQuery(request.getQueryString());
        } catch (OAuthException malformed) {
            flow.pageRequest(Optional.empty(), headers).recordIn(request);
            throw BrowserError.page(AuthorizationChecks.ERROR_TITLE, Message.of("authorize.error.malformed", malformed.description()));
        }
        return flow.authorize(parameters, flow.pageRequest(Optional.of(parameters), headers).recordIn(request), headers.getCookies(), false);
    }

    @POST
    @Consumes(MediaType.WILDCARD) // the content type is checked by FormParameters, to answer with a page rather than 415
    public Response authorize(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body,
                              @Context HttpServletRequest request, @Context HttpHeaders headers) {
        flow.pageRequest(Optional.empty(), headers).recordIn(request);
        FormParameters parameters = form(contentType, body, Message.of("authorize.error.malformed_form"));
        return flow.authorize(parameters, flow.pageRequest(Optional.of(parameters), headers).recordIn(request), headers.getCookies(), true);
    }

    /** The form, or an error page saying {@code malformed} when it cannot be read. */
    static FormParameters form(String contentType, InputStream body, Message malformed) {
        try {
            return FormParameters.read(contentType, body);
        } catch (OAuthException e) {
            throw BrowserError.page(AuthorizationChecks.ERROR_TITLE, malformed);
        }
    }
}
