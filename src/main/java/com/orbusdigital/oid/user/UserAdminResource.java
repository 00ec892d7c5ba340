package com.orbusdigital.oid.user;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.orbusdigital.oid.web.AdminApi;
import com.orbusdigital.oid.admin.Fields;
import com.orbusdigital.oid.admin.IfMatch;
import com.orbusdigital.oid.admin.JsonBody;
import com.orbusdigital.oid.admin.Page;
import com.orbusdigital.oid.admin.ProblemException;
import com.orbusdigital.oid.protocol.StandardClaims;
import com.orbusdigital.oid.tenant.TenantAccess;
import com.orbusdigital.oid.role.RoleAdminResource.RoleView;
import com.orbusdigital.oid.tenant.Tenant;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * /admin/tenants/{tenant}/users — usernames and emails are stored as {@link Usernames} and
 * {@link EmailAddresses} enforce them, unique per tenant case-insensitively, and no username may look
 * like another of its tenant's.
 */
@Path("/admin/tenants/{tenant}/users")
@AdminApi
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class UserAdminResource {

    /** Longer text is refused before it is mapped; the rules themselves count after mapping. */
    private static final int MAX_INPUT_LENGTH = 256;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UserView(String id, @JsonProperty("tenant_id") String tenantId, String username, String email,
                           @JsonProperty("email_verified") boolean emailVerified, String name, boolean enabled,
                           @JsonProperty("has_password") boolean hasPassword,
                           @JsonProperty("created_at") String createdAt, @JsonProperty("updated_at") String updatedAt,
                           // the standard claims (OIDC Core §5.1), each left out when the user has none
                           @JsonProperty("given_name") String givenName, @JsonProperty("family_name") String familyName,
                           @JsonProperty("middle_name") String middleName, String nickname, String profile, String picture, String website,
                           String gender, String birthdate, String zoneinfo, String locale,
                           @JsonProperty("phone_number") String phoneNumber,
                           @JsonProperty("phone_number_verified") Boolean phoneNumberVerified, Map<String, String> address) {
        static UserView of(User user) {
            StandardClaims claims = user.standardClaims();
            Function<String, String> text = name -> claims.text(name).orElse(null);
            return new UserView(user.id().toString(), user.tenantId().toString(), user.username(), user.email().orElse(null),
                    user.emailVerified(), user.name().orElse(null), user.enabled(), user.hasPassword(),
                    user.createdAt().toString(), user.updatedAt().toString(),
                    text.apply("given_name"), text.apply("family_name"), text.apply("middle_name"), text.apply("nickname"),
                    text.apply("profile"), text.apply("picture"), text.apply("website"), text.apply("gender"), text.apply("birthdate"), text.apply("zoneinfo"),
                    text.apply("locale"), text.apply(StandardClaims.PHONE_NUMBER), claims.phoneNumberVerified().orElse(null),
                    claims.address().orElse(null));
        }
    }

    /** The fields of a user's standard claims, accepted on creation and change ({@link ClaimFields}). */
    private static final List<String> CLAIM_FIELDS = StandardClaims.NAMES;

    private UserService users;
    private TenantAccess access;

    protected UserAdminResource() {
        // for the CDI proxy
    }

    @Inject
    public UserAdminResource(UserService users, TenantAccess access) {
        this.users = users;
        this.access = access;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response create(@PathParam("tenant") String tenant, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                           InputStream body) {
        Tenant target = access.resolve(tenant);
        JsonNode json = JsonBody.read(contentType, body);
        Fields fields = new Fields(json, known(Set.of("username", "email", "name", "password", "password_hash", "enabled")));
        String username = enforced(fields, "username", true, Usernames::enforce).orElse(null);
        Optional<String> email = enforced(fields, "email", false, EmailAddresses::enforce);
        Optional<String> name = fields.string("name", false, 200);
        Optional<String> password = password(fields);
        // importing from another system: its hash is kept, verified and upgraded at the first sign-in
        Optional<String> imported = fields.string("password_hash", false, 512);
        if (imported.isPresent() && password.isPresent()) {
            fields.error("password_hash", "give either password or password_hash, not both");
        } else if (imported.isPresent() && !users.recognizesHash(imported.get())) {
            fields.error("password_hash", "must be an Argon2id, bcrypt ($2a$/$2b$/$2y$) or PBKDF2 PHC string");
        }
        boolean enabled = fields.bool("enabled").orElse(true);
        StandardClaims.Edit claims = ClaimFields.read(json, fields);
        fields.throwIfInvalid();
        User user = imported.isPresent()
                ? users.importUser(target, username, email, name, imported.get(), enabled, claims)
                : users.create(target, username, email, name, password, enabled, claims);
        return Response.created(UriBuilder.fromPath("admin/tenants/{tenant}/users/{id}").build(target.id(), user.id()))
                .entity(UserView.of(user)).tag(IfMatch.etag(user.id(), user.version())).build();
    }

    @GET
    public Page<UserView> list(@PathParam("tenant") String tenant, @QueryParam("q") String query,
                               @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        if (query != null && Fields.hasControlCharacter(query)) {
            // no user has one, and PostgreSQL refuses a NUL in a query parameter outright
            throw ProblemException.invalid(Map.of("q", "must not contain control characters"));
        }
        Optional<String> search = Optional.ofNullable(query).map(String::strip).filter(q -> !q.isEmpty())
                .map(q -> q.length() > 100 ? q.substring(0, 100) : q);
        return users.search(access.resolve(tenant), search, Page.window(limit, offset)).map(UserView::of);
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("tenant") String tenant, @PathParam("id") String id) {
        return view(users.get(access.resolve(tenant), id));
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.WILDCARD)
    public Response update(@PathParam("tenant") String tenant, @PathParam("id") String id,
                           @HeaderParam(HttpHeaders.IF_MATCH) List<String> ifMatch,
                           @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        User user = users.get(access.resolve(tenant), id);
        IfMatch condition = IfMatch.parse(ifMatch);
        JsonNode json = JsonBody.read(contentType, body);
        Fields fields = new Fields(json, known(Set.of("email", "email_verified", "name", "enabled")));
        var changes = new UserService.UserChanges(enforced(fields, "email", false, EmailAddresses::enforce),
                fields.bool("email_verified"), fields.string("name", false, 200), fields.bool("enabled"), ClaimFields.read(json, fields));
        fields.throwIfInvalid();
        return view(users.update(user, condition, changes));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("tenant") String tenant, @PathParam("id") String id,
                           @HeaderParam(HttpHeaders.IF_MATCH) List<String> ifMatch) {
        users.delete(users.get(access.resolve(tenant), id), IfMatch.parse(ifMatch));
        return Response.noContent().build();
    }

    @PUT
    @Path("{id}/password")
    @Consumes(MediaType.WILDCARD)
    public Response setPassword(@PathParam("tenant") String tenant, @PathParam("id") String id,
                                @HeaderParam(HttpHeaders.IF_MATCH) List<String> ifMatch,
                                @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        User user = users.get(access.resolve(tenant), id);
        IfMatch condition = IfMatch.parse(ifMatch);
        Fields fields = new Fields(JsonBody.read(contentType, body), Set.of("password"));
        Optional<String> password = password(fields);
        if (password.isEmpty()) {
            fields.error("password", "is required");
        }
        fields.throwIfInvalid();
        users.setPassword(user, condition, password.orElseThrow());
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/roles")
    public List<RoleView> roles(@PathParam("tenant") String tenant, @PathParam("id") String id) {
        return users.roles(users.get(access.resolve(tenant), id)).stream().map(RoleView::of).toList();
    }

    @PUT
    @Path("{id}/roles/{role}")
    public Response assign(@PathParam("tenant") String tenant, @PathParam("id") String id, @PathParam("role") String role) {
        Tenant target = access.resolve(tenant);
        users.assign(target, users.get(target, id), role);
        return Response.noContent().build();
    }

    @DELETE
    @Path("{id}/roles/{role}")
    public Response unassign(@PathParam("tenant") String tenant, @PathParam("id") String id, @PathParam("role") String role) {
        Tenant target = access.resolve(tenant);
        users.unassign(target, users.get(target, id), role);
        return Response.noContent().build();
    }

    private static Set<String> known(Set<String> fields) {
        Set<String> all = new java.util.HashSet<>(fields);
        all.addAll(CLAIM_FIELDS);
        return all;
    }

    private static Response view(User user) {
        return Response.ok(UserView.of(user)).tag(IfMatch.etag(user.id(), user.version())).build();
    }

    /** A username or email field in its enforced form, the one stored and compared; a field error when it cannot be one. */
    private static Optional<String> enforced(Fields fields, String name, boolean required, Function<String, Identifier> enforce) {
        Optional<Identifier> identifier = fields.string(name, required, MAX_INPUT_LENGTH).map(enforce);
        if (identifier.orElse(null) instanceof Identifier.Invalid invalid) {
            fields.error(name, invalid.problem());
        }
        return identifier.flatMap(Identifier::valid);
    }

    /** A password field: any characters (the policy judges them), but bounded before it reaches the hasher. */
    private static Optional<String> password(Fields fields) {
        return fields.has("password") ? fields.string("password", true, 1024) : Optional.empty();
    }
}
