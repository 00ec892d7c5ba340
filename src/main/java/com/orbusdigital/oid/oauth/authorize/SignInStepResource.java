package com.orbusdigital.oid.oauth.authorize;

import com.orbusdigital.oid.factor.Method;
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
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The sign-in steps' own forms: another method chosen ({@code /login/step}), and going on once the
 * last step showed something to read first (recovery codes after an enrolment: {@code /login/continue}).
 */
@Path("/login")
@BrowserEndpoint
@ApplicationScoped
public class SignInStepResource {

    private AuthorizationFlow flow;

    protected SignInStepResource() {
        // for the CDI proxy
    }

    @Inject
    public SignInStepResource(AuthorizationFlow flow) {
        this.flow = flow;
    }

    @POST
    @Path("/step")
    @Consumes(MediaType.WILDCARD)
    public Response step(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body,
                         @Context HttpServletRequest request, @Context HttpHeaders headers) {
        FormParameters form = read(flow, contentType, body, request, headers);
        Optional<Method> chosen = form.optional("method")
                .flatMap(name -> Arrays.stream(Method.values()).filter(method -> method.value().equals(name)).findFirst());
        return flow.resume(form, flow.pageRequest(Optional.of(form), headers).recordIn(request), headers.getCookies())
                .then(step -> flow.show(step, chosen));
    }

    @POST
    @Path("/continue")
    @Consumes(MediaType.WILDCARD)
    public Response proceed(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body,
                            @Context HttpServletRequest request, @Context HttpHeaders headers) {
        FormParameters form = read(flow, contentType, body, request, headers);
        return flow.resume(form, flow.pageRequest(Optional.of(form), headers).recordIn(request), headers.getCookies())
                .then(step -> flow.proved(step, List.of(), false));
    }

    /** A step's form, read (the language of its pages recorded first, so that an unreadable one is answered in it). */
    static FormParameters read(AuthorizationFlow flow, String contentType, InputStream body, HttpServletRequest request,
                               HttpHeaders headers) {
        flow.pageRequest(Optional.empty(), headers).recordIn(request);
        return AuthorizationResource.form(contentType, body, Message.of("authorize.error.malformed_login"));
    }
}
