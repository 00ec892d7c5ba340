package com.orbusdigital.oid.oauth.consent;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.orbusdigital.oid.admin.AdminContext;
import com.orbusdigital.oid.admin.ProblemException;
import com.orbusdigital.oid.event.FactorChange;
import com.orbusdigital.oid.tenant.TenantAccess;
import com.orbusdigital.oid.user.User;
import com.orbusdigital.oid.user.UserService;
import com.orbusdigital.oid.web.AdminApi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * /admin/tenants/{tenant}/users/{id}/consents: what the user allowed third-party clients, and
 * revoking it (issue 17). The user is resolved as the user resources do: another tenant's user
 * answers 404 exactly like a missing one, and a client is looked for only among the user's tenant's.
 */
@Path("/admin/tenants/{tenant}/users/{id}/consents")
@AdminApi
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class ConsentAdminResource {

    public record ConsentView(@JsonProperty("client_id") String clientId, @JsonProperty("client_name") String clientName,
                              List<String> scopes, @JsonProperty("granted_at") String grantedAt) {
        static ConsentView of(ConsentStore.Consent consent) {
            return new ConsentView(consent.clientId(), consent.clientName(), List.copyOf(consent.scopes().values()),
                    consent.grantedAt().toString());
        }
    }

    private UserService users;
    private TenantAccess access;
    private AdminContext admin;
    private Consents consents;

    protected ConsentAdminResource() {
        // for the CDI proxy
    }

    @Inject
    public ConsentAdminResource(UserService users, TenantAccess access, AdminContext admin, Consents consents) {
        this.users = users;
        this.access = access;
        this.admin = admin;
        this.consents = consents;
    }

    @GET
    public List<ConsentView> list(@PathParam("tenant") String tenant, @PathParam("id") String id) {
        User user = users.get(access.resolve(tenant), id);
        return consents.of(user.tenantId(), user.id()).stream().map(ConsentView::of).toList();
    }

    @DELETE
    @Path("{client}")
    public Response revoke(@PathParam("tenant") String tenant, @PathParam("id") String id, @PathParam("client") String clientId) {
        User user = users.get(access.resolve(tenant), id);
        if (!consents.revoke(user.tenantId(), user.id(), clientId, FactorChange.Actor.admin(admin.principal().clientId()))) {
            throw ProblemException.notFound("Consent");
        }
        return Response.noContent().build();
    }
}
