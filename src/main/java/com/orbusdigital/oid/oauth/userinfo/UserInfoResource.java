package com.orbusdigital.oid.oauth.userinfo;

import com.orbusdigital.oid.oauth.FormParameters;
import com.orbusdigital.oid.protocol.OAuthError;
import com.orbusdigital.oid.protocol.OAuthException;
import com.orbusdigital.oid.web.NoStore;
import com.orbusdigital.oid.web.ProtocolEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;

/**
 * The userinfo endpoint (OIDC Core §5.3), GET and POST. The access token comes in the
 * Authorization header (RFC 6750 §2.1) or, on POST, as the form parameter {@code access_token}
 * (§2.2) — never both (§2: "MUST NOT use more than one method"), never in the query string. The
 * answer is JSON whatever the Accept header asks for (no {@code @Produces}: never a 406).
 */
@Path("/userinfo")
@ProtocolEndpoint
@ApplicationScoped
public class UserInfoResource {

    private UserInfo userInfo;

    protected UserInfoResource() {
        // for the CDI proxy
    }

    @Inject
    public UserInfoResource(UserInfo userInfo) {
        this.userInfo = userInfo;
    }

    @GET
    public Response get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        String token = bearer(authorization)
                .orElseThrow(() -> OAuthException.bearerMissing("an access token is required (Authorization: Bearer …)"));
        return answer(token);
    }

    @POST
    @Consumes(MediaType.WILDCARD) // a bodiless POST with only the header is allowed; a body must be a form
    public Response post(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                         @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        Optional<String> inHeader = bearer(authorization);
        Optional<String> inBody = contentType == null ? Optional.empty()
                : FormParameters.read(contentType, body).optional("access_token");
        if (inHeader.isPresent() && inBody.isPresent()) {
            throw OAuthException.bearer(OAuthError.INVALID_REQUEST, "send the access token in the header or the body, not both");
        }
        String token = inHeader.or(() -> inBody)
                .orElseThrow(() -> OAuthException.bearerMissing("an access token is required"));
        return answer(token);
    }

    private Response answer(String token) {
        return NoStore.apply(Response.ok(userInfo.claims(token), MediaType.APPLICATION_JSON_TYPE)).build();
    }

    /** The token of an {@code Authorization: Bearer} header; a header of another scheme is a bad request. */
    private static Optional<String> bearer(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Optional.empty();
        }
        String[] parts = authorization.strip().split(" +", 2);
        if (parts.length != 2 || !parts[0].toLowerCase(Locale.ROOT).equals("bearer")) {
            throw OAuthException.bearer(OAuthError.INVALID_REQUEST, "the Authorization header must use the Bearer scheme");
        }
        return Optional.of(parts[1]);
    }
}
