package com.orbusdigital.oid.role;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.orbusdigital.oid.web.AdminApi;
import com.orbusdigital.oid.admin.Fields;
import com.orbusdigital.oid.admin.IfMatch;
import com.orbusdigital.oid.admin.JsonBody;
import com.orbusdigital.oid.admin.Page;
import com.orbusdigital.oid.tenant.TenantAccess;
import com.orbusdigital.oid.tenant.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** /admin/tenants/{tenant}/roles */
@Path("/admin/tenants/{tenant}/roles")
@AdminApi
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class RoleAdminResource {

    /** Role names travel in the roles claim: short, no spaces. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    public record RoleView(String id, String name, String description, @JsonProperty("created_at") String createdAt) {
        public static RoleView of(Role role) {
            return new RoleView(role.id().toString(), role.name(), role.description(), role.createdAt().toString());
        }
    }

    private RoleService roles;
    private TenantAccess access;

    protected RoleAdminResource() {
        // for the CDI proxy
    }

    @Inject
    public RoleAdminResource(RoleService roles, TenantAccess access) {
        this.roles = roles;
        this.access = access;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response create(@PathParam("tenant") String tenant, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                           InputStream body) {
        Tenant target = access.resolve(tenant);
        Fields fields = new Fields(JsonBody.read(contentType, body), Set.of("name", "description"));
        String name = fields.matching("name", true, NAME,
                "must be 1 to 64 letters, digits or . _ : -, starting with a letter or digit").orElse(null);
        if (name != null && Role.isReserved(name)) {
            // a tenant's "oid-admin" would sit in tokens beside the platform administrator's, same iss and aud
            fields.error("name", "is reserved: names starting with \"" + Role.RESERVED_PREFIX + "\" are the platform's own roles");
        }
        String description = fields.string("description", false, 500).orElse(null);
        fields.throwIfInvalid();
        Role role = roles.create(target, name, description);
        return Response.created(UriBuilder.fromPath("admin/tenants/{tenant}/roles/{name}").build(target.id(), role.name()))
                .entity(RoleView.of(role)).tag(IfMatch.etag(role.id(), role.version())).build();
    }

    @GET
    public Page<RoleView> list(@PathParam("tenant") String tenant, @QueryParam("limit") String limit,
                               @QueryParam("offset") String offset) {
        return roles.list(access.resolve(tenant), Page.window(limit, offset)).map(RoleView::of);
    }

    @GET
    @Path("{name}")
    public Response get(@PathParam("tenant") String tenant, @PathParam("name") String name) {
        return view(roles.get(access.resolve(tenant), name));
    }

    @PATCH
    @Path("{name}")
    @Consumes(MediaType.WILDCARD)
    public Response update(@PathParam("tenant") String tenant, @PathParam("name") String name,
                           @HeaderParam(HttpHeaders.IF_MATCH) List<String> ifMatch,
                           @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        Tenant target = access.resolve(tenant);
        roles.get(target, name);
        IfMatch condition = IfMatch.parse(ifMatch);
        Fields fields = new Fields(JsonBody.read(contentType, body), Set.of("description"));
        Optional<String> description = fields.string("description", false, 500);
        fields.throwIfInvalid();
        return view(roles.update(target, name, condition, description));
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("tenant") String tenant, @PathParam("name") String name,
                           @HeaderParam(HttpHeaders.IF_MATCH) List<String> ifMatch) {
        roles.delete(access.resolve(tenant), name, IfMatch.parse(ifMatch));
        return Response.noContent().build();
    }

    private static Response view(Role role) {
        return Response.ok(RoleView.of(role)).tag(IfMatch.etag(role.id(), role.version())).build();
    }
}
