package com.orbusdigital.oid.account;

import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.event.InvitationEvent;
import com.orbusdigital.oid.persistence.Transactional;
import com.orbusdigital.oid.role.Role;
import com.orbusdigital.oid.role.RoleRepository;
import com.orbusdigital.oid.role.RoleService;
import com.orbusdigital.oid.tenant.TenantRepository;
import com.orbusdigital.oid.user.User;
import com.orbusdigital.oid.user.UserService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Issue 17: an invitation's acceptance, one transaction and a bean of its own so that
 * {@link Invitations} calls it through its proxy (no connection is held while the password is hashed).
 */
@ApplicationScoped
public class InvitationAcceptance {

    /** What an acceptance made. */
    record Accepted(Invitation invitation, UUID userId, Instant at, String tenantSlug) {}

    private InvitationStore store;
    private TenantRepository tenants;
    private UserService users;
    private RoleRepository roles;
    private EntityManager entityManager;
    private Event<IdentityEvent> events;
    private Clock clock;

    protected InvitationAcceptance() {
        // for the CDI proxy
    }

    @Inject
    public InvitationAcceptance(InvitationStore store, TenantRepository tenants, UserService users, RoleRepository roles,
                                EntityManager entityManager, Event<IdentityEvent> events, Clock clock) {
        this.store = store;
        this.tenants = tenants;
        this.users = users;
        this.roles = roles;
        this.entityManager = entityManager;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Uses the link (once: an atomic UPDATE), then makes the user with the password already hashed,
     * their address verified (the link proved it) and the invitation's roles that the tenant still
     * has. Empty when the link was not live any more; a ProblemException (409, rolled back) when a
     * user took the address or username meanwhile.
     */
    @Transactional
    public Optional<Accepted> accept(byte[] tokenHash, String passwordHash) {
        Instant now = clock.instant();
        Optional<Invitation> used = store.accept(tokenHash, now);
        if (used.isEmpty()) {
            return Optional.empty();
        }
        Invitation invitation = used.get();
        var tenant = tenants.find(invitation.tenantId()).orElseThrow(() -> new IllegalStateException("an invitation of no tenant"));
        User user = users.importUser(tenant, invitation.username(), Optional.of(invitation.email()), invitation.name(), passwordHash, true);
        user.setEmailVerified(true, now);
        List<String> granted = new ArrayList<>();
        for (String name : invitation.roles()) {
            Optional<Role> role = roles.find(tenant.id(), name);
            if (role.isPresent() && user.addRole(role.get())) {
                events.fire(RoleService.userAssignment(true, role.get(), user.id(), user.username()));
                granted.add(name);
            }
        }
        entityManager.flush(); // the user's row, before the invitation names it
        store.setUser(invitation.id(), user.id());
        events.fire(new InvitationEvent.Accepted(tenant.id(), invitation.id(), user.id(), granted));
        return Optional.of(new Accepted(invitation, user.id(), now, tenant.slug()));
    }
}
