package com.orbusdigital.oid.token;

import com.orbusdigital.oid.client.ClientService;
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
 * /admin/tenants/{tenant}/clients/{client}/tokens/revoke: a platform administrator revokes every
 * token issued to a client so far (oid-admin only). A resource of its own, with the whole path: the
 * most literal path is the one JAX-RS routes to.
 */
@Path("/admin/tenants/{tenant}/clients/{client}/tokens")
@AdminApi
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class ClientTokensAdminResource {

    private ClientService clients;
    private TenantAccess access;
    private AdminContext admin;
    private AdminTokenRevocation revocation;

    protected ClientTokensAdminResource() {
        // for the CDI proxy
    }

    @Inject
    public ClientTokensAdminResource(ClientService clients, TenantAccess access, AdminContext admin, AdminTokenRevocation revocation) {
        this.clients = clients;
        this.access = access;
        this.admin = admin;
        this.revocation = revocation;
    }

    @POST
    @Path("revoke")
    public Response revoke(@PathParam("tenant") String tenant, @PathParam("client") String clientId) {
        admin.requirePlatformAdmin();
        revocation.revokeEveryTokenOf(clients.get(access.resolve(tenant), clientId));
        return Response.noContent().build();
    }
}
