package com.orbusdigital.oid.oauth.authorize;

import com.orbusdigital.oid.web.BrowserCookies;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Optional;

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
    public Response login(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body,
                          @CookieParam(BrowserCookies.SESSION) String session, @CookieParam(BrowserCookies.CSRF) String csrf) {
        return AuthorizationResource.form(contentType, body)
                .map(parameters -> flow.login(parameters, Optional.ofNullable(session), Optional.ofNullable(csrf)))
                .orElseGet(() -> flow.errorPage("The sign-in form was malformed. Go back to the application and try again."));
    }
}
