package com.orbusdigital.oid.federation;

import com.orbusdigital.oid.event.FederationEvent;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.event.UserChange;
import com.orbusdigital.oid.persistence.Rows;
import com.orbusdigital.oid.persistence.Transactional;
import com.orbusdigital.oid.role.Role;
import com.orbusdigital.oid.role.RoleRepository;
import com.orbusdigital.oid.role.RoleService;
import com.orbusdigital.oid.user.Usernames;
import com.orbusdigital.oid.user.User;
import com.orbusdigital.oid.user.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Which user of the tenant a provider's identity signs in: the one linked to it
 * (federated_identities); else, when the provider allows it, the user whose address the provider
 * verified (link_by_email); else one created just in time (create_users); else no one. Roles follow
 * the provider's roles claim. One transaction: the link, the user, the roles and the events commit
 * together.
 */
@ApplicationScoped
public class FederatedUsers {

    /** Who signs in, and whether this sign-in created them or linked them. */
    public record Resolved(UUID userId, boolean created, boolean linked) {}

    private static final String LINKED = """
            SELECT f.user_id, u.enabled FROM {schema}.federated_identities f JOIN {schema}.users u ON u.id = f.user_id
            WHERE f.provider_id = :provider AND f.subject = :subject AND f.tenant_id = :tenant AND u.tenant_id = :tenant""";
    private static final String SIGNED_IN = """
            UPDATE {schema}.federated_identities SET last_sign_in_at = :now WHERE provider_id = :provider AND subject = :subject""";
    /** The tenant's user with this address (the unique index's own lower(email)), with whether this provider already links them. */
    private static final String BY_EMAIL = """
            SELECT u.id AS user_id, u.enabled,
                   EXISTS (SELECT 1 FROM {schema}.federated_identities f WHERE f.provider_id = :provider AND f.user_id = u.id) AS linked
            FROM {schema}.users u WHERE u.tenant_id = :tenant AND lower(u.email) = lower(:email)""";
    private static final String LINK = """
            INSERT INTO {schema}.federated_identities (provider_id, subject, user_id, tenant_id, created_at, last_sign_in_at)
            VALUES (:provider, :subject, :user, :tenant, :now, :now)""";

    private record Found(UUID userId, boolean enabled, boolean linked) {}

    private Rows rows;
    private UserRepository users;
    private RoleRepository roles;
    private Event<IdentityEvent> events;
    private Clock clock;

    protected FederatedUsers() {
        // for the CDI proxy
    }

    @Inject
    public FederatedUsers(Rows rows, UserRepository users, RoleRepository roles, Event<IdentityEvent> events, Clock clock) {
        this.rows = rows;
        this.users = users;
        this.roles = roles;
        this.events = events;
        this.clock = clock;
    }

    /** @throws FederationFailure when no user may sign in, or the one linked is disabled */
    @Transactional
    public Resolved resolve(UpstreamProvider provider, UpstreamIdentity identity) {
        Instant now = clock.instant();
        Optional<Found> linked = rows.query(LINKED).set("provider", provider.id()).set("subject", identity.subject())
                .set("tenant", provider.tenantId()).optional(row -> new Found(row.uuid("user_id"), row.bool("enabled"), true));
        Resolved resolved;
        if (linked.isPresent()) {
            refuseDisabled(linked.get(), provider);
            rows.query(SIGNED_IN).set("provider", provider.id()).set("subject", identity.subject()).set("now", now).update();
            resolved = new Resolved(linked.get().userId(), false, false);
        } else {
            resolved = linkOrCreate(provider, identity, now);
        }
        syncRoles(provider, identity, resolved.userId());
        events.fire(new FederationEvent.SignedIn(provider.tenantId(), resolved.userId(), provider.id(), provider.alias(),
                resolved.created(), resolved.linked()));
        return resolved;
    }

    private Resolved linkOrCreate(UpstreamProvider provider, UpstreamIdentity identity, Instant now) {
        Optional<String> email = identity.text(provider.emailClaim());
        Optional<Found> owner = email.flatMap(address -> rows.query(BY_EMAIL).set("tenant", provider.tenantId())
                .set("provider", provider.id()).set("email", address)
                .optional(row -> new Found(row.uuid("user_id"), row.bool("enabled"), row.bool("linked"))));
        if (owner.isPresent()) {
            // never a second account with the address of someone who has one: linked, or refused
            if (!provider.linkByEmail() || !identity.emailVerified() || owner.get().linked()) {
                throw new FederationFailure(FederationFailure.Reason.EMAIL_TAKEN, "the address belongs to a user of the tenant who cannot be"
                        + " linked (" + (!provider.linkByEmail() ? "linking off" : !identity.emailVerified() ? "not verified upstream"
                        : "another identity of this provider is linked") + ", " + provider + ")");
            }
            refuseDisabled(owner.get(), provider);
            link(provider, identity, owner.get().userId(), now, "email");
            return new Resolved(owner.get().userId(), false, true);
        }
        if (!provider.createUsers()) {
            throw new FederationFailure(FederationFailure.Reason.NO_ACCOUNT, "no linked user and no creation (" + provider + ")");
        }
        User user = create(provider, identity, email, now);
        link(provider, identity, user.id(), now, "created");
        return new Resolved(user.id(), true, true);
    }

    private User create(UpstreamProvider provider, UpstreamIdentity identity, Optional<String> email, Instant now) {
        String username = FederatedAccounts.username(provider, identity).orElseThrow(() -> new FederationFailure(
                FederationFailure.Reason.USERNAME, "no claim gives a valid username (" + provider + ")"));
        if (users.usernameTaken(provider.tenantId(), username) || users.lookAlikeTaken(provider.tenantId(), Usernames.skeleton(username))) {
            // not a suffix: "alice2" would be an account no one recognises, and the taken name may well be this
            // same person's, whom an administrator (or link_by_email) should link instead
            throw new FederationFailure(FederationFailure.Reason.USERNAME, "the username is taken in the tenant (" + provider + ")");
        }
        User user = new User(provider.tenantId(), username, email.orElse(null), identity.text(provider.nameClaim()).orElse(null), true, now);
        // the address is the provider's word: verified here only when it says so
        email.ifPresent(address -> user.setEmailVerified(identity.emailVerified(), now));
        users.add(user);
        events.fire(new UserChange.Created(new UserChange.Facts(user.tenantId(), user.id(), user.username(), user.email(), true)));
        return user;
    }

    private void link(UpstreamProvider provider, UpstreamIdentity identity, UUID userId, Instant now, String by) {
        rows.query(LINK).set("provider", provider.id()).set("subject", identity.subject()).set("user", userId)
                .set("tenant", provider.tenantId()).set("now", now).update();
        events.fire(new FederationEvent.Linked(provider.tenantId(), userId, provider.id(), provider.alias(), by));
    }

    /** The mapped roles the provider asserts granted, those it no longer asserts removed; any other role untouched. */
    private void syncRoles(UpstreamProvider provider, UpstreamIdentity identity, UUID userId) {
        Set<String> mappable = FederatedAccounts.mappable(provider);
        if (mappable.isEmpty()) {
            return;
        }
        Set<String> granted = FederatedAccounts.granted(provider, identity);
        User user = users.find(provider.tenantId(), userId).orElseThrow(() -> new IllegalStateException("a resolved user is gone"));
        for (String name : mappable) {
            Optional<Role> role = roles.find(provider.tenantId(), name);
            if (role.isEmpty()) {
                continue; // a mapping to a role the tenant no longer has gives nothing
            }
            boolean grant = granted.contains(name);
            if (grant ? user.addRole(role.get()) : user.removeRole(role.get())) {
                events.fire(RoleService.userAssignment(grant, role.get(), user.id(), user.username()));
            }
        }
    }

    private static void refuseDisabled(Found found, UpstreamProvider provider) {
        if (!found.enabled()) {
            throw new FederationFailure(FederationFailure.Reason.DISABLED, "the user is disabled (" + provider + ")");
        }
    }
}
