package com.orbusdigital.oid.oauth.authorize;

import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.federation.FederatedSignIns;
import com.orbusdigital.oid.federation.FederationFailure;
import com.orbusdigital.oid.federation.UpstreamAmr;
import com.orbusdigital.oid.oauth.FormParameters;
import com.orbusdigital.oid.protocol.OAuthError;
import com.orbusdigital.oid.protocol.OAuthException;
import com.orbusdigital.oid.session.Sessions;
import com.orbusdigital.oid.web.BrowserCookies;
import com.orbusdigital.oid.web.BrowserEndpoint;
import com.orbusdigital.oid.web.page.BrowserError;
import com.orbusdigital.oid.web.page.Message;
import com.orbusdigital.oid.web.page.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Clock;
import java.util.Optional;

/**
 * Issue 18: signing in through a tenant's own OpenID provider. {@code POST /login/federation/start}
 * is a "Continue with …" button of the login page; {@code GET /login/federation/{provider}/callback}
 * is the redirect URI registered at that provider (one per provider: an answer cannot be taken for
 * another provider's), where its answer is checked and the sign-in goes on as after a password.
 */
@Path("/login/federation")
@BrowserEndpoint
@ApplicationScoped
public class FederationResource {

    private AuthorizationFlow flow;
    private FederatedSignIns federation;
    private BrowserCookies cookies;
    private Clock clock;
    private Sessions sessions;

    protected FederationResource() {
        // for the CDI proxy
    }

    @Inject
    public FederationResource(AuthorizationFlow flow, FederatedSignIns federation, OidConfig config, Clock clock, Sessions sessions) {
        this.sessions = sessions;
        this.flow = flow;
        this.federation = federation;
        this.cookies = new BrowserCookies(config.issuer());
        this.clock = clock;
    }

    @POST
    @Path("/start")
    @Consumes(MediaType.WILDCARD)
    public Response start(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body,
                          @Context HttpServletRequest request, @Context HttpHeaders headers) {
        FormParameters form = SignInStepResource.read(flow, contentType, body, request, headers);
        return flow.federate(form, flow.pageRequest(Optional.of(form), headers).recordIn(request), headers.getCookies());
    }

    /**
     * The provider's answer: the attempt its state names (this browser's, unused, live, for this
     * provider), the OID authorization request it carried checked again, then the provider's error —
     * the person's refusal goes back to the application as access_denied — or the code exchanged and
     * the user resolved.
     */
    @GET
    @Path("/{provider}/callback")
    public Response callback(@PathParam("provider") String providerId, @Context HttpServletRequest request,
                             @Context HttpHeaders headers) {
        flow.pageRequest(Optional.empty(), headers).recordIn(request);
        FormParameters answer;
        try {
            answer = FormParameters.fromQuery(request.getQueryString());
        } catch (OAuthException malformed) {
            throw BrowserError.page(AuthorizationChecks.ERROR_TITLE, Message.of("federate.error.invalid"));
        }
        FederatedSignIns.Arrival arrival;
        try {
            arrival = federation.arrive(providerId, answer.optional("state"), cookies.federation(headers.getCookies()));
        } catch (FederationFailure failure) {
            throw FederationPages.page(failure, Optional.empty());
        }
        FormParameters carried = FormParameters.fromQuery(arrival.attempt().request());
        PageRequest page = flow.pageRequest(Optional.of(carried), headers).recordIn(request);
        AuthorizationRequest resumed = flow.resumeFederated(carried, arrival.provider().tenantId());
        Optional<String> error = answer.optional("error");
        if (error.isPresent()) {
            if (error.get().equals("access_denied")) {
                // back in the response mode the application asked for (a form_post answer is posted)
                throw AuthorizationChecks.ofClient(BrowserError.toClient(resumed.returnTo(), OAuthError.ACCESS_DENIED,
                        "the user did not sign in at their identity provider"), resumed.client());
            }
            throw FederationPages.page(new FederationFailure(FederationFailure.Reason.REFUSED, "the provider answered an error ("
                    + arrival.provider() + ")"), Optional.of(resumed.client()));
        }
        FederatedSignIns.Accepted accepted;
        try {
            String code = answer.optional("code").orElseThrow(() -> new FederationFailure(FederationFailure.Reason.INVALID,
                    "the answer has neither a code nor an error (" + arrival.provider() + ")"));
            accepted = federation.accept(arrival, code, answer.optional("iss"));
        } catch (FederationFailure failure) {
            throw FederationPages.page(failure, Optional.of(resumed.client()));
        }
        Response signedIn = flow.federated(resumed, carried, page, headers.getCookies(), accepted.user().userId(),
                UpstreamAmr.proofs(accepted.provider(), accepted.identity(), clock.instant()));
        // a session started now (no second factor of OID's to come): the provider's logout ends it (1 statement)
        Optional.ofNullable(signedIn.getHeaders().get("Set-Cookie")).flatMap(cookies::sessionSet).ifPresent(session ->
                sessions.rememberUpstream(session, accepted.provider().id(), accepted.identity().subject(), accepted.identity().sid()));
        return signedIn;
    }
}
