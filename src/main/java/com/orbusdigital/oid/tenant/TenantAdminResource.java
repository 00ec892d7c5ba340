package com.orbusdigital.oid.tenant;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.orbusdigital.oid.protocol.StandardClaims;
import com.orbusdigital.oid.web.AdminApi;
import com.orbusdigital.oid.admin.AdminContext;
import com.orbusdigital.oid.admin.AdminPrincipal;
import com.orbusdigital.oid.admin.Fields;
import com.orbusdigital.oid.admin.IfMatch;
import com.orbusdigital.oid.admin.JsonBody;
import com.orbusdigital.oid.admin.Page;
import com.orbusdigital.oid.web.page.Language;
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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** /admin/tenants: platform administrators manage tenants; a tenant administrator sees its own. */
@Path("/admin/tenants")
@AdminApi
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class TenantAdminResource {

    static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    /** The languages of the sign-in pages. */
    static final Pattern LANGUAGE = Pattern.compile(String.join("|", Language.tags()));
    private static final String LANGUAGE_RULE = "must be one of " + String.join(", ", Language.tags()) + ", or null for English";
    // issue 17, branding
    static final Pattern ACCENT_COLOR = Pattern.compile("#[0-9a-fA-F]{6}");
    static final int DISPLAY_NAME_LENGTH = 100;
    private static final String MFA_POLICY_RULE = "must be one of " + String.join(", ",
            Arrays.stream(MfaPolicy.values()).map(MfaPolicy::value).toList());

    public record TenantView(String id, String slug, String name, boolean enabled,
                             @JsonProperty("default_language") String defaultLanguage,
                             @JsonProperty("mfa_policy") String mfaPolicy,
                             @JsonProperty("created_at") String createdAt, @JsonProperty("updated_at") String updatedAt,
                             // issue 17, branding: the logo's path below OID's top level, null without one
                             @JsonProperty("display_name") String displayName, @JsonProperty("accent_color") String accentColor,
                             @JsonProperty("logo") String logo,
                             @JsonProperty("profile_editable") List<String> profileEditable,
                             // issue 17, self sign-up
                             @JsonProperty("sign_up") boolean signUp, @JsonProperty("sign_up_domains") List<String> signUpDomains) {
        static TenantView of(Tenant tenant) {
            return new TenantView(tenant.id().toString(), tenant.slug(), tenant.name(), tenant.enabled(),
                    tenant.defaultLanguage().orElse(null), tenant.mfaPolicy().value(), tenant.createdAt().toString(), tenant.updatedAt().toString(),
                    tenant.displayName().orElse(null), tenant.accentColor().orElse(null),
                    Branding.page(tenant).logoPath().map(path -> "/" + path).orElse(null), tenant.profileEditable(),
                    tenant.signUp(), tenant.signUpDomains());
        }
    }

    private TenantService service;
    private TenantAccess access;
    private AdminContext admin;
    private Brandings brandings;

    protected TenantAdminResource() {
        // for the CDI proxy
    }

    @Inject
    public TenantAdminResource(TenantService service, TenantAccess access, AdminContext admin, Brandings brandings) {
        this.brandings = brandings; // issue 17, branding
        this.service = service;
        this.access = access;
        this.admin = admin;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response create(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        admin.requirePlatformAdmin();
        Fields fields = new Fields(JsonBody.read(contentType, body), Set.of("slug", "name", "default_language", "mfa_policy"));
        String slug = fields.matching("slug", true, SLUG,
                "must be 1 to 63 lowercase letters, digits or hyphens, not starting or ending with a hyphen").orElse(null);
        String name = fields.string("name", true, 200).orElse(null);
        Optional<String> language = fields.matching("default_language", false, LANGUAGE, LANGUAGE_RULE);
        Optional<MfaPolicy> mfaPolicy = mfaPolicy(fields);
        fields.throwIfInvalid();
        Tenant tenant = service.create(slug, name, language, mfaPolicy.orElse(MfaPolicy.OPTIONAL));
        return Response.created(UriBuilder.fromPath("admin/tenants/{id}").build(tenant.id()))
                .entity(TenantView.of(tenant)).tag(IfMatch.etag(tenant.id(), tenant.version())).build();
    }

    @GET
    public Page<TenantView> list(@QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        Page.Window window = Page.window(limit, offset);
        AdminPrincipal principal = admin.principal();
        if (!principal.platformAdmin()) {
            // a tenant administrator's list holds its own tenant only
            Tenant own = access.resolve(principal.tenantId().toString());
            return new Page<>(window.offset() == 0 ? java.util.List.of(TenantView.of(own)) : java.util.List.of(), 1, window.limit(), window.offset());
        }
        return service.list(window).map(TenantView::of);
    }

    @GET
    @Path("{tenant}")
    public Response get(@PathParam("tenant") String tenant) {
        return view(access.resolve(tenant));
    }

    @PATCH
    @Path("{tenant}")
    @Consumes(MediaType.WILDCARD)
    public Response update(@PathParam("tenant") String tenant, @HeaderParam(HttpHeaders.IF_MATCH) List<String> ifMatch,
                           @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        Tenant target = access.resolve(tenant);
        IfMatch condition = IfMatch.parse(ifMatch);
        Fields fields = new Fields(JsonBody.read(contentType, body), Set.of("name", "enabled", "default_language", "mfa_policy",
                "display_name", "accent_color", "profile_editable", "sign_up", "sign_up_domains"));
        var name = fields.string("name", false, 200);
        if (fields.has("name") && name.map(String::isBlank).orElse(!fields.hasError("name"))) {
            fields.error("name", "must be a non-blank string");
        }
        var enabled = fields.bool("enabled");
        if (enabled.isPresent() && !admin.principal().platformAdmin()) {
            fields.error("enabled", "only a platform administrator may enable or disable a tenant");
        }
        // present and null: back to English
        Optional<Optional<String>> language = fields.has("default_language")
                ? Optional.of(fields.matching("default_language", false, LANGUAGE, LANGUAGE_RULE)) : Optional.empty();
        Optional<MfaPolicy> mfaPolicy = mfaPolicy(fields);
        TenantService.Rebranding rebranding = rebranding(fields);
        Optional<Optional<List<String>>> profileEditable = profileEditable(fields);
        TenantService.SignUpChange signUp = signUp(fields);
        fields.throwIfInvalid();
        Tenant updated = service.update(target, condition, name, enabled, language, mfaPolicy, rebranding, profileEditable, signUp);
        brandings.changed(); // committed: this replica's next page and email show it
        return view(updated);
    }

    // --- issue 17, branding ---
    /** display_name and accent_color: each absent (unchanged), null (OID's default) or a value. */
    private static TenantService.Rebranding rebranding(Fields fields) {
        Optional<Optional<String>> displayName = Optional.empty();
        if (fields.has("display_name")) {
            Optional<String> value = fields.string("display_name", false, DISPLAY_NAME_LENGTH);
            if (value.map(String::isBlank).orElse(false)) {
                fields.error("display_name", "must be a non-blank string of at most " + DISPLAY_NAME_LENGTH + " characters, or null");
            }
            displayName = Optional.of(value.map(String::strip));
        }
        Optional<Optional<String>> accentColor = fields.has("accent_color")
                ? Optional.of(fields.matching("accent_color", false, ACCENT_COLOR, "must be a colour written #rrggbb, or null")
                        .map(color -> color.toLowerCase(Locale.ROOT)))
                : Optional.empty();
        return new TenantService.Rebranding(displayName, accentColor);
    }

    /**
     * The tenant's logo: the image itself as the body, image/png or image/jpeg, at most 256 KiB and
     * 1024 pixels a side ({@link LogoImage}); it replaces any logo the tenant had.
     */
    @PUT
    @Path("{tenant}/logo")
    @Consumes(MediaType.WILDCARD)
    public Response putLogo(@PathParam("tenant") String tenant, @HeaderParam(HttpHeaders.IF_MATCH) List<String> ifMatch,
                            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        Tenant target = access.resolve(tenant);
        IfMatch condition = IfMatch.parse(ifMatch);
        Tenant updated = service.setLogo(target, condition, LogoImage.read(contentType, body));
        brandings.changed();
        return view(updated);
    }

    @DELETE
    @Path("{tenant}/logo")
    public Response deleteLogo(@PathParam("tenant") String tenant, @HeaderParam(HttpHeaders.IF_MATCH) List<String> ifMatch) {
        Tenant updated = service.removeLogo(access.resolve(tenant), IfMatch.parse(ifMatch));
        brandings.changed();
        return view(updated);
    }
    // --- end of issue 17, branding ---

    @DELETE
    @Path("{tenant}")
    public Response delete(@PathParam("tenant") String tenant, @HeaderParam(HttpHeaders.IF_MATCH) List<String> ifMatch) {
        admin.requirePlatformAdmin();
        service.delete(access.resolve(tenant), IfMatch.parse(ifMatch));
        return Response.noContent().build();
    }

    /** The mfa_policy field: absent is empty; present, it must name a policy (null is not one). */
    private static Optional<MfaPolicy> mfaPolicy(Fields fields) {
        Optional<MfaPolicy> policy = fields.string("mfa_policy", false, 20).flatMap(MfaPolicy::of);
        if (fields.has("mfa_policy") && policy.isEmpty()) {
            fields.error("mfa_policy", MFA_POLICY_RULE);
        }
        return policy;
    }

    /** The profile_editable field: absent is empty; null is back to the default; else names of claims a user may edit. */
    private static Optional<Optional<List<String>>> profileEditable(Fields fields) {
        if (!fields.has("profile_editable")) {
            return Optional.empty();
        }
        Optional<List<String>> claims = fields.strings("profile_editable", StandardClaims.SELF_EDITABLE.size(), 32);
        if (claims.isPresent() && !StandardClaims.SELF_EDITABLE.containsAll(claims.get())) {
            fields.error("profile_editable", "may name only " + String.join(", ", StandardClaims.SELF_EDITABLE)
                    + " (never email or a *_verified claim)");
        }
        return Optional.of(claims);
    }

    // --- issue 17, self sign-up ---
    /** sign_up (true or false) and sign_up_domains (an array of domains, empty for any): each absent is unchanged. */
    private static TenantService.SignUpChange signUp(Fields fields) {
        Optional<Boolean> enabled = fields.bool("sign_up");
        if (fields.has("sign_up") && enabled.isEmpty()) {
            fields.error("sign_up", "must be true or false");
        }
        Optional<List<String>> domains = Optional.empty();
        if (fields.has("sign_up_domains")) {
            // null is no list: an empty array says "any domain"
            domains = fields.strings("sign_up_domains", SignUpDomains.MAX, 253).flatMap(SignUpDomains::parse);
            if (domains.isEmpty()) {
                fields.error("sign_up_domains", SignUpDomains.RULE);
            }
        }
        return new TenantService.SignUpChange(enabled, domains);
    }
    // --- end of issue 17, self sign-up ---

    private static Response view(Tenant tenant) {
        return Response.ok(TenantView.of(tenant)).tag(IfMatch.etag(tenant.id(), tenant.version())).build();
    }
}
