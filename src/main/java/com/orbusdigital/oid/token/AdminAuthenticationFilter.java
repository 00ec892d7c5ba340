package com.orbusdigital.oid.token;

import com.orbusdigital.oid.admin.AdminContext;
import com.orbusdigital.oid.admin.AdminPrincipal;
import com.orbusdigital.oid.admin.ProblemException;
import com.orbusdigital.oid.role.Role;
import com.orbusdigital.oid.web.AdminApi;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/**
 * Authenticates every admin API request: a bearer access token issued by OID itself (signature,
 * issuer, audience and expiry checked) whose client — and user, for a user's token — still exists
 * and is enabled, in an enabled tenant (else 401 {@code invalid_token}), and holds <em>now</em>
 * oid-admin in the platform tenant or tenant-admin in its own (else 403). The roles are the holder's
 * current ones from the in-memory snapshots, not the token's {@code roles} claim: authority taken
 * away ends at the next request, without a database round trip per request.
 */
@Provider
@AdminApi
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class AdminAuthenticationFilter implements ContainerRequestFilter {

    private AccessTokenVerifier verifier;
    private AdminContext context;

    protected AdminAuthenticationFilter() {
        // for the CDI proxy
    }

    @Inject
    public AdminAuthenticationFilter(AccessTokenVerifier verifier, AdminContext context) {
        this.verifier = verifier;
        this.context = context;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ProblemException.unauthorized("An admin bearer token is required.", false);
        }
        VerifiedAccessToken token = verifier.verify(authorization.substring(7).strip())
                .orElseThrow(() -> ProblemException.unauthorized("The bearer token is not valid.", true));
        TokenHolder holder = token.holder();
        List<String> roles = holder.roles();
        boolean platformAdmin = roles.contains(Role.OID_ADMIN) && holder.client().platformTenant();
        if (!platformAdmin && !roles.contains(Role.TENANT_ADMIN)) {
            throw ProblemException.forbidden("The token's holder has no admin role (oid-admin or tenant-admin).");
        }
        context.authenticate(new AdminPrincipal(token.subject(), token.clientId(), token.tenantId(), platformAdmin));
    }
}
