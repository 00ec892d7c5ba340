package com.orbusdigital.oid.factor;

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
import java.util.UUID;

/**
 * /admin/tenants/{tenant}/users/{id}/factors: what a user has set up beyond a password (never a
 * secret), and taking it away — one passkey, the authenticator app, or everything (a reset: the
 * user sets a factor up again at the next sign-in if a policy asks for one). A resource of its own,
 * with the whole path: the most literal path is the one JAX-RS routes to. The user is resolved as
 * the user resources do: another tenant's user answers 404 exactly like a missing one.
 */
@Path("/admin/tenants/{tenant}/users/{id}/factors")
@AdminApi
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class FactorAdminResource {

    public record FactorsView(List<PasskeyView> passkeys, TotpView totp, @JsonProperty("recovery_codes") RecoveryCodesView recoveryCodes) {
        static FactorsView of(UserFactors.Factors factors) {
            return new FactorsView(factors.passkeys().stream().map(PasskeyView::of).toList(),
                    factors.totp().map(totp -> new TotpView(true, totp.setUpAt().toString())).orElse(null),
                    factors.recoveryCodes().map(codes -> new RecoveryCodesView(codes.remaining(), codes.createdAt().toString()))
                            .orElse(null));
        }
    }

    public record PasskeyView(String id, String name, @JsonProperty("created_at") String createdAt,
                              @JsonProperty("last_used_at") String lastUsedAt, boolean synced, String aaguid) {
        static PasskeyView of(UserFactors.Passkey passkey) {
            return new PasskeyView(passkey.id().toString(), passkey.name(), passkey.createdAt().toString(),
                    passkey.lastUsedAt().map(Object::toString).orElse(null), passkey.synced(),
                    passkey.aaguid().map(UUID::toString).orElse(null));
        }
    }

    /** @param createdAt when it was set up: its first code confirmed */
    public record TotpView(boolean enabled, @JsonProperty("created_at") String createdAt) {}

    public record RecoveryCodesView(int remaining, @JsonProperty("created_at") String createdAt) {}

    private UserService users;
    private TenantAccess access;
    private AdminContext admin;
    private UserFactors factors;

    protected FactorAdminResource() {
        // for the CDI proxy
    }

    @Inject
    public FactorAdminResource(UserService users, TenantAccess access, AdminContext admin, UserFactors factors) {
        this.users = users;
        this.access = access;
        this.admin = admin;
        this.factors = factors;
    }

    @GET
    public FactorsView list(@PathParam("tenant") String tenant, @PathParam("id") String id) {
        User user = user(tenant, id);
        return FactorsView.of(factors.of(user.tenantId(), user.id()));
    }

    @DELETE
    public Response reset(@PathParam("tenant") String tenant, @PathParam("id") String id) {
        User user = user(tenant, id);
        factors.reset(user.tenantId(), user.id(), actor());
        return Response.noContent().build();
    }

    @DELETE
    @Path("passkeys/{passkey}")
    public Response removePasskey(@PathParam("tenant") String tenant, @PathParam("id") String id,
                                  @PathParam("passkey") String passkey) {
        User user = user(tenant, id);
        UUID passkeyId = passkeyId(passkey);
        if (!factors.removePasskey(user.tenantId(), user.id(), passkeyId, actor())) {
            throw ProblemException.notFound("Passkey");
        }
        return Response.noContent().build();
    }

    @DELETE
    @Path("totp")
    public Response removeTotp(@PathParam("tenant") String tenant, @PathParam("id") String id) {
        User user = user(tenant, id);
        if (!factors.removeTotp(user.tenantId(), user.id(), actor())) {
            throw ProblemException.notFound("Authenticator app");
        }
        return Response.noContent().build();
    }

    private User user(String tenant, String id) {
        return users.get(access.resolve(tenant), id);
    }

    private FactorChange.Actor actor() {
        return FactorChange.Actor.admin(admin.principal().clientId());
    }

    /** A malformed id is simply not found, as a user's is. */
    private static UUID passkeyId(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException notAnId) {
            throw ProblemException.notFound("Passkey");
        }
    }
}
