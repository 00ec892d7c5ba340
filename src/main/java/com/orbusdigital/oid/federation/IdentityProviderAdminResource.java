package com.orbusdigital.oid.federation;

import com.orbusdigital.oid.admin.IfMatch;
import com.orbusdigital.oid.admin.JsonBody;
import com.orbusdigital.oid.admin.Page;
import com.orbusdigital.oid.config.Issuer;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.tenant.Tenant;
import com.orbusdigital.oid.tenant.TenantAccess;
import com.orbusdigital.oid.web.AdminApi;
import com.orbusdigital.oid.web.NoStore;
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

/** /admin/tenants/{tenant}/identity-providers (issue 18): a tenant's upstream OpenID providers; the client secret is write-only. */
@Path("/admin/tenants/{tenant}/identity-providers")
@AdminApi
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class IdentityProviderAdminResource {

    private IdentityProviderService providers;
    private TenantAccess access;
    private Issuer issuer;

    protected IdentityProviderAdminResource() {
        // for the CDI proxy
    }

    @Inject
    public IdentityProviderAdminResource(IdentityProviderService providers, TenantAccess access, OidConfig config) {
        this.providers = providers;
        this.access = access;
        this.issuer = config.issuer();
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response create(@PathParam("tenant") String tenant, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                           InputStream body) {
        Tenant target = access.resolve(tenant);
        IdentityProvider created = providers.create(target, JsonBody.read(contentType, body));
        return NoStore.apply(Response.created(UriBuilder.fromPath("admin/tenants/{tenant}/identity-providers/{provider}")
                        .build(target.id(), created.id()))
                .entity(IdentityProviderView.of(created, issuer))
                .tag(IfMatch.etag(created.id(), created.version()))).build();
    }

    @GET
    public Page<IdentityProviderView> list(@PathParam("tenant") String tenant, @QueryParam("limit") String limit,
                                           @QueryParam("offset") String offset) {
        return providers.list(access.resolve(tenant), Page.window(limit, offset)).map(provider -> IdentityProviderView.of(provider, issuer));
    }

    @GET
    @Path("{provider}")
    public Response get(@PathParam("tenant") String tenant, @PathParam("provider") String id) {
        return view(providers.get(access.resolve(tenant), id));
    }

    @PATCH
    @Path("{provider}")
    @Consumes(MediaType.WILDCARD)
    public Response update(@PathParam("tenant") String tenant, @PathParam("provider") String id,
                           @HeaderParam(HttpHeaders.IF_MATCH) List<String> ifMatch,
                           @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        IdentityProvider found = providers.get(access.resolve(tenant), id);
        return view(providers.update(found, IfMatch.parse(ifMatch), JsonBody.read(contentType, body)));
    }

    @DELETE
    @Path("{provider}")
    public Response delete(@PathParam("tenant") String tenant, @PathParam("provider") String id,
                           @HeaderParam(HttpHeaders.IF_MATCH) List<String> ifMatch) {
        providers.delete(providers.get(access.resolve(tenant), id), IfMatch.parse(ifMatch));
        return Response.noContent().build();
    }

    /** A provider without its secret, tagged with its version. */
    private Response view(IdentityProvider provider) {
        return Response.ok(IdentityProviderView.of(provider, issuer)).tag(IfMatch.etag(provider.id(), provider.version())).build();
    }
}
