package com.orbusdigital.oid.token;

import com.orbusdigital.oid.user.UserService;
import com.orbusdigital.oid.web.AdminApi;
import com.orbusdigital.oid.admin.AdminContext;
import com.orbusdigital.oid.tenant.TenantAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * /admin/tenants/{tenant}/users/{id}/tokens/revoke: a platform administrator revokes every token of
 * a user and ends their sign-in sessions (oid-admin only). A resource of its own, with the whole
 * path: the most literal path is the one JAX-RS routes to.
 */
@Path("/admin/tenants/{tenant}/users/{id}/tokens")
@AdminApi
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class UserTokensAdminResource {

    private UserService users;
    private TenantAccess access;
    private AdminContext admin;
    private AdminTokenRevocation revocation;

    protected UserTokensAdminResource() {
        // for the CDI proxy
    }

    @Inject
    public UserTokensAdminResource(UserService users, TenantAccess access, AdminContext admin, AdminTokenRevocation revocation) {
        this.users = users;
        this.access = access;
        this.admin = admin;
        this.revocation = revocation;
    }

    @POST
    @Path("revoke")
    public Response revoke(@PathParam("tenant") String tenant, @PathParam("id") String id) {
        admin.requirePlatformAdmin();
        revocation.revokeEveryTokenOf(users.get(access.resolve(tenant), id));
        return Response.noContent().build();
    }
}
