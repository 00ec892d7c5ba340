package com.orbusdigital.oid.oauth.authorize;

import com.orbusdigital.oid.oauth.FormParameters;
import com.orbusdigital.oid.web.BrowserEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Optional;

/** Where the consent page posts (issue 17): Allow or Deny, the CSRF token and the authorization request again. */
@Path("/login/consent")
@BrowserEndpoint
@ApplicationScoped
public class ConsentResource {

    private AuthorizationFlow flow;

    protected ConsentResource() {
        // for the CDI proxy
    }

    @Inject
    public ConsentResource(AuthorizationFlow flow) {
        this.flow = flow;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response answer(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body,
                           @Context HttpServletRequest request, @Context HttpHeaders headers) {
        FormParameters form = SignInStepResource.read(flow, contentType, body, request, headers);
        return flow.consented(form, flow.pageRequest(Optional.of(form), headers).recordIn(request), headers.getCookies());
    }
}
