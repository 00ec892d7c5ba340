package com.orbusdigital.oid.oauth.authorize;

import com.orbusdigital.oid.federation.FederationFailure;
import com.orbusdigital.oid.federation.UpstreamLogouts;
import com.orbusdigital.oid.oauth.FormParameters;
import com.orbusdigital.oid.protocol.OAuthException;
import com.orbusdigital.oid.session.SignInSession;
import com.orbusdigital.oid.web.NoStore;
import com.orbusdigital.oid.web.ProtocolEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 18: OpenID Connect Back-Channel Logout 1.0 §2.5 from a tenant's provider, at the URI
 * registered there: {@code logout_token} in a form; 200 when it is valid (whether or not a session
 * matched), 400 with {@code invalid_request} otherwise (§2.8), never saying why beyond that.
 */
@Path("/login/federation/{provider}/backchannel-logout")
@ProtocolEndpoint
@ApplicationScoped
public class UpstreamLogoutResource {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamLogoutResource.class);

    private UpstreamLogouts logouts;

    protected UpstreamLogoutResource() {
        // for the CDI proxy
    }

    @Inject
    public UpstreamLogoutResource(UpstreamLogouts logouts) {
        this.logouts = logouts;
    }

    @POST
    @Consumes(MediaType.WILDCARD) // the content type is checked by FormParameters, to answer invalid_request rather than 415
    public Response logout(@PathParam("provider") String providerId, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                           InputStream body) {
        FormParameters form = FormParameters.read(contentType, body);
        String token = form.required("logout_token");
        UpstreamLogouts.Logout logout;
        List<SignInSession> ended;
        try {
            logout = logouts.validate(providerId, token);
            ended = logouts.end(logout);
        } catch (FederationFailure refused) {
            LOG.warn("Upstream logout refused: {}", refused.getMessage());
            throw OAuthException.invalidRequest("the logout token is not valid");
        }
        LOG.info("Upstream logout from provider {} ended {} session(s)", logout.providerId(), ended.size());
        return NoStore.apply(Response.ok()).build();
    }
}
