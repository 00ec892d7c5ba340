package com.orbusdigital.oid.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.orbusdigital.oid.tenant.ClientIdNamespaces;
import com.orbusdigital.oid.web.AdminApi;
import com.orbusdigital.oid.admin.IfMatch;
import com.orbusdigital.oid.admin.JsonBody;
import com.orbusdigital.oid.admin.Page;
import com.orbusdigital.oid.tenant.TenantAccess;
import com.orbusdigital.oid.role.RoleAdminResource.RoleView;
import com.orbusdigital.oid.tenant.Tenant;
import com.orbusdigital.oid.web.NoStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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

/** /admin/tenants/{tenant}/clients — a confidential client's secret is shown once, at creation or rotation. */
@Path("/admin/tenants/{tenant}/clients")
@AdminApi
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class ClientAdminResource {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClientView(
            @JsonProperty("client_id") String clientId,
            @JsonProperty("tenant_id") String tenantId,
            String name,
            String type,
            @JsonProperty("redirect_uris") List<String> redirectUris,
            @JsonProperty("post_logout_redirect_uris") List<String> postLogoutRedirectUris,
            @JsonProperty("grant_types") List<String> grantTypes,
            List<String> scopes,
            boolean enabled,
            @JsonProperty("require_pkce") boolean requirePkce,
            @JsonProperty("revoke_refresh_tokens_on_logout") boolean revokeRefreshTokensOnLogout,
            @JsonProperty("require_offline_access") boolean requireOfflineAccess,
            @JsonProperty("require_mfa") boolean requireMfa,
            @JsonProperty("require_passkey") boolean requirePasskey,
            @JsonProperty("first_party") boolean firstParty,
            @JsonProperty("backchannel_logout_uri") String backchannelLogoutUri,
            @JsonProperty("backchannel_logout_session_required") boolean backchannelLogoutSessionRequired,
            @JsonProperty("created_at") String createdAt,
            @JsonProperty("updated_at") String updatedAt,
            @JsonProperty("client_secret") String clientSecret) {

        static ClientView of(Client client, String secret) {
            return new ClientView(client.clientId(), client.tenant().id().toString(), client.name(), client.type().wireName(),
                    client.redirectUris(), client.postLogoutRedirectUris(), client.grantTypes(), client.scopes(),
                    client.enabled(), client.requirePkce(), client.revokeRefreshTokensOnLogout(), client.requireOfflineAccess(),
                    client.requireMfa(), client.requirePasskey(), client.firstParty(), client.backchannelLogoutUri().orElse(null),
                    client.backchannelLogoutSessionRequired(), client.createdAt().toString(), client.updatedAt().toString(), secret);
        }

        static ClientView of(Client client) {
            return of(client, null);
        }
    }

    private ClientService clients;
    private TenantAccess access;
    private ClientIdNamespaces namespaces;

    protected ClientAdminResource() {
        // for the CDI proxy
    }

    @Inject
    public ClientAdminResource(ClientService clients, TenantAccess access, ClientIdNamespaces namespaces) {
        this.clients = clients;
        this.access = access;
        this.namespaces = namespaces;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response create(@PathParam("tenant") String tenant, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                           InputStream body) {
        Tenant target = access.resolve(tenant);
        ClientSpec spec = ClientSpec.forCreate(JsonBody.read(contentType, body), clientId -> namespaces.problem(target, clientId));
        ClientService.WithSecret created = clients.create(target, spec);
        return NoStore.apply(Response.created(UriBuilder.fromPath("admin/tenants/{tenant}/clients/{client}")
                        .build(target.id(), created.client().clientId()))
                .entity(ClientView.of(created.client(), created.secret().orElse(null)))
                .tag(IfMatch.etag(created.client().id(), created.client().version()))).build();
    }

    @GET
    public Page<ClientView> list(@PathParam("tenant") String tenant, @QueryParam("limit") String limit,
                                 @QueryParam("offset") String offset) {
        return clients.list(access.resolve(tenant), Page.window(limit, offset)).map(ClientView::of);
    }

    @GET
    @Path("{client}")
    public Response get(@PathParam("tenant") String tenant, @PathParam("client") String clientId) {
        return view(clients.get(access.resolve(tenant), clientId));
    }

    @PATCH
    @Path("{client}")
    @Consumes(MediaType.WILDCARD)
    public Response update(@PathParam("tenant") String tenant, @PathParam("client") String clientId,
                           @HeaderParam(HttpHeaders.IF_MATCH) List<String> ifMatch,
                           @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        Client client = clients.get(access.resolve(tenant), clientId);
        return view(clients.update(client, IfMatch.parse(ifMatch), JsonBody.read(contentType, body)));
    }

    @DELETE
    @Path("{client}")
    public Response delete(@PathParam("tenant") String tenant, @PathParam("client") String clientId,
                           @HeaderParam(HttpHeaders.IF_MATCH) List<String> ifMatch) {
        clients.delete(clients.get(access.resolve(tenant), clientId), IfMatch.parse(ifMatch));
        return Response.noContent().build();
    }

    @POST
    @Path("{client}/secret")
    public Response rotateSecret(@PathParam("tenant") String tenant, @PathParam("client") String clientId,
                                 @HeaderParam(HttpHeaders.IF_MATCH) List<String> ifMatch) {
        ClientService.WithSecret rotated = clients.rotateSecret(clients.get(access.resolve(tenant), clientId), IfMatch.parse(ifMatch));
        return NoStore.apply(Response.ok(ClientView.of(rotated.client(), rotated.secret().orElseThrow()))
                .tag(IfMatch.etag(rotated.client().id(), rotated.client().version()))).build();
    }

    @GET
    @Path("{client}/roles")
    public List<RoleView> roles(@PathParam("tenant") String tenant, @PathParam("client") String clientId) {
        return clients.roles(clients.get(access.resolve(tenant), clientId)).stream().map(RoleView::of).toList();
    }

    @PUT
    @Path("{client}/roles/{role}")
    public Response assign(@PathParam("tenant") String tenant, @PathParam("client") String clientId,
                           @PathParam("role") String role) {
        clients.assign(clients.get(access.resolve(tenant), clientId), role);
        return Response.noContent().build();
    }

    @DELETE
    @Path("{client}/roles/{role}")
    public Response unassign(@PathParam("tenant") String tenant, @PathParam("client") String clientId,
                             @PathParam("role") String role) {
        clients.unassign(clients.get(access.resolve(tenant), clientId), role);
        return Response.noContent().build();
    }

    /** A client without its secret, tagged with its version. */
    private static Response view(Client client) {
        return Response.ok(ClientView.of(client)).tag(IfMatch.etag(client.id(), client.version())).build();
    }
}
