package com.orbusdigital.oid.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.orbusdigital.oid.admin.Fields;
import com.orbusdigital.oid.admin.JsonBody;
import com.orbusdigital.oid.admin.Page;
import com.orbusdigital.oid.admin.ProblemException;
import com.orbusdigital.oid.tenant.Tenant;
import com.orbusdigital.oid.tenant.TenantAccess;
import com.orbusdigital.oid.user.EmailAddresses;
import com.orbusdigital.oid.user.Identifier;
import com.orbusdigital.oid.user.Usernames;
import com.orbusdigital.oid.web.AdminApi;
import com.orbusdigital.oid.web.page.Language;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Issue 17: /admin/tenants/{tenant}/invitations — invite someone by email with roles, list, resend,
 * revoke. An answer never carries the link (only the email does); another tenant's invitation is not
 * found.
 */
@Path("/admin/tenants/{tenant}/invitations")
@AdminApi
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class InvitationAdminResource {

    private static final int MAX_INPUT_LENGTH = 256;
    private static final int MAX_ROLES = 50;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InvitationView(String id, @JsonProperty("tenant_id") String tenantId, String email, String username, String name,
                                 List<String> roles, @JsonProperty("client_id") String clientId,
                                 @JsonProperty("redirect_uri") String redirectUri, String locale, String state,
                                 @JsonProperty("created_at") String createdAt, @JsonProperty("sent_at") String sentAt,
                                 @JsonProperty("expires_at") String expiresAt, @JsonProperty("accepted_at") String acceptedAt,
                                 @JsonProperty("revoked_at") String revokedAt, @JsonProperty("user_id") String userId) {
        static InvitationView of(Invitation invitation, Instant now) {
            return new InvitationView(invitation.id().toString(), invitation.tenantId().toString(), invitation.email(),
                    invitation.username(), invitation.name().orElse(null), invitation.roles(), invitation.clientId().orElse(null),
                    invitation.redirectUri().orElse(null), invitation.locale().orElse(null), invitation.state(now).value(),
                    invitation.createdAt().toString(), invitation.sentAt().toString(), invitation.expiresAt().toString(),
                    invitation.acceptedAt().map(Instant::toString).orElse(null), invitation.revokedAt().map(Instant::toString).orElse(null),
                    invitation.userId().map(Object::toString).orElse(null));
        }
    }

    private Invitations invitations;
    private TenantAccess access;
    private java.time.Clock clock;

    protected InvitationAdminResource() {
        // for the CDI proxy
    }

    @Inject
    public InvitationAdminResource(Invitations invitations, TenantAccess access, java.time.Clock clock) {
        this.invitations = invitations;
        this.access = access;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response invite(@PathParam("tenant") String tenant, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        Tenant target = access.resolve(tenant);
        JsonNode json = JsonBody.read(contentType, body);
        Fields fields = new Fields(json, Set.of("email", "username", "name", "roles", "client_id", "redirect_uri", "locale",
                "expires_in_days"));
        Optional<String> email = enforced(fields, "email", true, EmailAddresses::enforce);
        Optional<String> username = enforced(fields, "username", false, Usernames::enforce);
        if (username.isEmpty() && !fields.hasError("username") && email.isPresent()) {
            // the address by default, as a username must be
            username = enforced(email.get(), fields, "username", Usernames::enforce);
        }
        Optional<String> name = fields.string("name", false, 200);
        List<String> roles = fields.strings("roles", MAX_ROLES, 64).orElse(List.of());
        Optional<String> clientId = fields.string("client_id", false, MAX_INPUT_LENGTH);
        Optional<String> redirectUri = fields.string("redirect_uri", false, 2048);
        if (clientId.isPresent() != redirectUri.isPresent() && !fields.hasError("client_id") && !fields.hasError("redirect_uri")) {
            fields.error(clientId.isPresent() ? "redirect_uri" : "client_id", "client_id and redirect_uri go together");
        }
        Optional<String> locale = fields.string("locale", false, 16);
        Optional<Language> language = locale.flatMap(Language::of);
        if (locale.isPresent() && language.isEmpty()) {
            fields.error("locale", "must be one of the languages OID speaks (en, fr)");
        }
        Optional<Duration> validity = Invitation.validity(days(json, fields));
        if (validity.isEmpty()) {
            fields.error("expires_in_days", "must be a whole number of days from " + Invitation.MIN_DAYS + " to " + Invitation.MAX_DAYS);
        }
        fields.throwIfInvalid();
        Invitation invitation = invitations.invite(target, new Invitations.Request(email.orElseThrow(), username.orElseThrow(), name, roles,
                clientId, redirectUri, language, validity.orElseThrow()));
        return Response.created(UriBuilder.fromPath("admin/tenants/{tenant}/invitations/{id}").build(target.id(), invitation.id()))
                .entity(InvitationView.of(invitation, clock.instant())).build();
    }

    @GET
    public Page<InvitationView> list(@PathParam("tenant") String tenant, @QueryParam("state") String state,
                                     @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        Optional<Invitation.State> filter = Optional.ofNullable(state).map(value -> Invitation.State.of(value)
                .orElseThrow(() -> ProblemException.invalid(Map.of("state", "must be pending, accepted, revoked or expired"))));
        Instant now = clock.instant();
        return invitations.list(access.resolve(tenant), filter, Page.window(limit, offset)).map(found -> InvitationView.of(found, now));
    }

    @GET
    @Path("{id}")
    public InvitationView get(@PathParam("tenant") String tenant, @PathParam("id") String id) {
        return InvitationView.of(invitations.get(access.resolve(tenant), id), clock.instant());
    }

    @POST
    @Path("{id}/resend")
    public InvitationView resend(@PathParam("tenant") String tenant, @PathParam("id") String id) {
        return InvitationView.of(invitations.resend(access.resolve(tenant), id), clock.instant());
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("tenant") String tenant, @PathParam("id") String id) {
        invitations.revoke(access.resolve(tenant), id);
        return Response.noContent().build();
    }

    private static Optional<Integer> days(JsonNode json, Fields fields) {
        JsonNode value = json.get("expires_in_days");
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        // anything but a whole number is out of bounds
        return Optional.of(value.canConvertToInt() && value.isIntegralNumber() ? value.intValue() : -1);
    }

    private static Optional<String> enforced(Fields fields, String name, boolean required, Function<String, Identifier> enforce) {
        Optional<String> text = fields.string(name, required, MAX_INPUT_LENGTH);
        return text.isEmpty() ? Optional.empty() : enforced(text.get(), fields, name, enforce);
    }

    private static Optional<String> enforced(String text, Fields fields, String name, Function<String, Identifier> enforce) {
        Identifier identifier = enforce.apply(text);
        if (identifier instanceof Identifier.Invalid invalid) {
            fields.error(name, invalid.problem());
        }
        return identifier.valid();
    }
}
