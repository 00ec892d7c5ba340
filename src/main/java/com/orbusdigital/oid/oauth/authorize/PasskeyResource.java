package com.orbusdigital.oid.oauth.authorize;

import com.orbusdigital.oid.factor.Method;
import com.orbusdigital.oid.factor.passkey.Passkeys;
import com.orbusdigital.oid.oauth.FormParameters;
import com.orbusdigital.oid.web.BrowserEndpoint;
import com.orbusdigital.oid.web.NoStore;
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

/**
 * Passkeys during a sign-in: the options the login page's script asks for to sign in without a
 * username ({@code /login/passkey/options}), an assertion posted as a form (the whole sign-in:
 * {@code /login/passkey/sign-in}; a second factor after the password: {@code /login/passkey}), and a
 * passkey created at the step
 * that asks for one ({@code /login/passkey/register}). The answer is a page or a redirect, as after
 * any other step.
 */
@Path("/login/passkey")
@BrowserEndpoint
@ApplicationScoped
public class PasskeyResource {

    static final Message FAILED = Message.of("passkey.failed");
    static final Message NOT_CREATED = Message.of("passkey.not_created");
    /** The credential the script posts (the browser's answer as JSON). */
    static final String CREDENTIAL = "credential";

    private AuthorizationFlow flow;
    private Passkeys passkeys;

    protected PasskeyResource() {
        // for the CDI proxy
    }

    @Inject
    public PasskeyResource(AuthorizationFlow flow, Passkeys passkeys) {
        this.flow = flow;
        this.passkeys = passkeys;
    }

    /**
     * The login page's script asks for options (with the form's hidden fields): a challenge for any
     * passkey of this RP, on a pending sign-in of its own. JSON; 403 when the form is too old (the
     * page still signs in with a password).
     */
    @POST
    @Path("/options")
    @Consumes(MediaType.WILDCARD)
    public Response options(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body,
                            @Context HttpServletRequest request, @Context HttpHeaders headers) {
        FormParameters form = read(contentType, body, request, headers);
        Optional<AuthorizationFlow.PasskeySignIn> started = flow.startPasskeySignIn(form, headers.getCookies());
        if (started.isEmpty()) {
            return NoStore.apply(Response.status(403).type(MediaType.APPLICATION_JSON_TYPE).entity("{\"error\":\"expired_form\"}")).build();
        }
        Response.ResponseBuilder response = NoStore.apply(Response.ok(passkeys.requestOptions(started.get().pending(), Optional.empty()),
                MediaType.APPLICATION_JSON_TYPE));
        started.get().setCookies().forEach(cookie -> response.header("Set-Cookie", cookie));
        return response.build();
    }

    /** An assertion as a sign-in step: the second factor of the sign-in's user (after their password). */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response assertion(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body,
                              @Context HttpServletRequest request, @Context HttpHeaders headers) {
        FormParameters form = read(contentType, body, request, headers);
        return flow.resume(form, flow.pageRequest(Optional.of(form), headers).recordIn(request), headers.getCookies())
                .then(step -> verify(step, form));
    }

    /** An assertion from the login page: the whole sign-in, its user identified by it (no username typed). */
    @POST
    @Path("/sign-in")
    @Consumes(MediaType.WILDCARD)
    public Response signIn(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body,
                           @Context HttpServletRequest request, @Context HttpHeaders headers) {
        FormParameters form = read(contentType, body, request, headers);
        return flow.resumePasskeySignIn(form, flow.pageRequest(Optional.of(form), headers).recordIn(request), headers.getCookies())
                .then(step -> verify(step, form));
    }

    private Response verify(AuthorizationFlow.StepContext step, FormParameters form) {
        Optional<String> credential = form.optional(CREDENTIAL).filter(json -> !json.isBlank());
        if (credential.isEmpty()) {
            return flow.passkeyRefused(step, false, FAILED);
        }
        Passkeys.SignedIn outcome = passkeys.authenticate(step.pending(), credential.get(), step.request().client().clientId());
        if (!(outcome instanceof Passkeys.SignedIn.Verified verified)) {
            return flow.passkeyRefused(step, false, FAILED);
        }
        // the passkey's user: the sign-in's own (Passkeys checked it), or whom it names in a sign-in without a username
        return flow.proved(step, verified.userId(), verified.factors(), false);
    }

    /** A passkey created at the step that asks the user to set one up, named as they typed. */
    @POST
    @Path("/register")
    @Consumes(MediaType.WILDCARD)
    public Response register(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body,
                             @Context HttpServletRequest request, @Context HttpHeaders headers) {
        FormParameters form = read(contentType, body, request, headers);
        return flow.resume(form, flow.pageRequest(Optional.of(form), headers).recordIn(request), headers.getCookies()).then(step -> {
            if (!flow.mayEnrol(step, Method.PASSKEY)) {
                // not a step that sets a passkey up: creating one must not stand in for proving a factor
                return flow.passkeyRefused(step, false, NOT_CREATED);
            }
            Optional<String> credential = form.optional(CREDENTIAL).filter(json -> !json.isBlank());
            return credential.flatMap(json -> passkeys.register(step.pending(), json, form.optional("name").orElse("")))
                    .map(factors -> flow.proved(step, factors, true))
                    .orElseGet(() -> flow.passkeyRefused(step, true, NOT_CREATED));
        });
    }

    private FormParameters read(String contentType, InputStream body, HttpServletRequest request, HttpHeaders headers) {
        return SignInStepResource.read(flow, contentType, body, request, headers);
    }
}
