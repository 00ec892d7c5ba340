package com.orbusdigital.oid.oauth.authorize;

import com.orbusdigital.oid.oauth.FormParameters;
import com.orbusdigital.oid.web.BrowserEndpoint;
import com.orbusdigital.oid.web.page.Message;
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

/** Where the login page posts: the credentials, the CSRF token and the authorization request again. */
@Path("/login")
@BrowserEndpoint
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
    public Response login(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body,
                          @Context HttpServletRequest request, @Context HttpHeaders headers) {
        flow.pageRequest(Optional.empty(), headers).recordIn(request);
        FormParameters form = AuthorizationResource.form(contentType, body, Message.of("authorize.error.malformed_login"));
        return flow.login(form, flow.pageRequest(Optional.of(form), headers).recordIn(request), headers.getCookies());
    }
}
