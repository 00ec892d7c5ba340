package com.orbusdigital.oid.admin;

import com.orbusdigital.oid.role.Role;
import com.orbusdigital.oid.tenant.Tenant;
import com.orbusdigital.oid.tenant.TenantRepository;
import com.orbusdigital.oid.token.AccessTokenVerifier;
import com.orbusdigital.oid.token.VerifiedAccessToken;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;

/**
 * Authenticates every admin API request: a bearer access token issued by OID itself (signature,
 * issuer, audience and expiry checked), held by a client or user with oid-admin in the platform
 * tenant or tenant-admin in its own, enabled tenant.
 */
@Provider
@AdminApi
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class AdminAuthenticationFilter implements ContainerRequestFilter {

    private AccessTokenVerifier verifier;
    private TenantRepository tenants;
    private AdminContext context;

    protected AdminAuthenticationFilter() {
        // for the CDI proxy
    }

    @Inject
    public AdminAuthenticationFilter(AccessTokenVerifier verifier, TenantRepository tenants, AdminContext context) {
        this.verifier = verifier;
        this.tenants = tenants;
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
        Optional<Tenant> tenant = tenants.find(token.tenantId());
        if (tenant.isEmpty() || !tenant.get().enabled()) {
            throw ProblemException.forbidden("The token's tenant is disabled or gone.");
        }
        boolean platformAdmin = token.hasRole(Role.OID_ADMIN) && tenant.get().slug().equals(Tenant.PLATFORM_SLUG);
        if (!platformAdmin && !token.hasRole(Role.TENANT_ADMIN)) {
            throw ProblemException.forbidden("The token grants no admin role (oid-admin or tenant-admin).");
        }
        context.authenticate(new AdminPrincipal(token.subject(), token.tenantId(), platformAdmin));
    }
}
