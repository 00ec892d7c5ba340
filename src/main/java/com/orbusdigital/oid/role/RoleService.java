package com.orbusdigital.oid.role;

import com.orbusdigital.oid.admin.IfMatch;
import com.orbusdigital.oid.admin.Page;
import com.orbusdigital.oid.admin.ProblemException;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.event.RoleChange;
import com.orbusdigital.oid.persistence.Transactional;
import com.orbusdigital.oid.tenant.FirstRoles;
import com.orbusdigital.oid.tenant.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Roles of a tenant and their assignment; every change is an {@link IdentityEvent} in its transaction. */
@ApplicationScoped
public class RoleService implements FirstRoles {

    private RoleRepository roles;
    private Event<IdentityEvent> events;
    private Clock clock;

    protected RoleService() {
        // for the CDI proxy
    }

    @Inject
    public RoleService(RoleRepository roles, Event<IdentityEvent> events, Clock clock) {
        this.roles = roles;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public Role create(Tenant tenant, String name, String description) {
        if (roles.find(tenant.id(), name).isPresent()) {
            throw ProblemException.conflict("Role '" + name + "' already exists in this tenant.");
        }
        Role role = new Role(tenant.id(), name, description, clock.instant());
        roles.add(role);
        events.fire(new RoleChange.Created(facts(role)));
        return role;
    }

    /** In the transaction of TenantService.create, which fires the tenant's event first. */
    @Override
    public void addTenantAdmin(UUID tenantId, Instant now) {
        Role admin = new Role(tenantId, Role.TENANT_ADMIN, "Administers this tenant", now);
        roles.add(admin);
        events.fire(new RoleChange.Created(facts(admin)));
    }

    @Transactional
    public Page<Role> list(Tenant tenant, Page.Window window) {
        return new Page<>(roles.list(tenant.id(), window.limit(), window.offset()), roles.count(tenant.id()),
                window.limit(), window.offset());
    }

    /** The role of this name in this tenant, or 404. */
    @Transactional
    public Role get(Tenant tenant, String name) {
        return roles.find(tenant.id(), name).orElseThrow(() -> ProblemException.notFound("Role '" + name + "'"));
    }

    /** A new description, when given, for the role as it is now; its name never changes (its id in paths and tokens). */
    @Transactional
    public Role update(Tenant tenant, String name, IfMatch ifMatch, Optional<String> description) {
        Role role = current(tenant, name, ifMatch);
        description.ifPresent(role::describe);
        events.fire(new RoleChange.Updated(facts(role)));
        return role;
    }

    @Transactional
    public void delete(Tenant tenant, String name, IfMatch ifMatch) {
        Role role = current(tenant, name, ifMatch);
        if (role.name().equals(Role.TENANT_ADMIN) || (tenant.isPlatform() && role.name().equals(Role.OID_ADMIN))) {
            throw ProblemException.conflict("Role '" + name + "' cannot be deleted: administrators would be locked out.");
        }
        roles.remove(role);
        events.fire(new RoleChange.Deleted(facts(role)));
    }

    /** The role as its row is now, locked until the change commits; 404 when gone, 412 when If-Match names another version. */
    private Role current(Tenant tenant, String name, IfMatch ifMatch) {
        Role role = roles.current(get(tenant, name)).orElseThrow(() -> ProblemException.notFound("Role '" + name + "'"));
        ifMatch.check(role.id(), role.version(), "Role '" + name + "'");
        return role;
    }

    /** {@code oid.role.assigned} / {@code oid.role.unassigned} for a client (by its client_id). */
    public static RoleChange.Assignment clientAssignment(boolean assigned, Role role, String clientId) {
        return assignment(assigned, role, new RoleChange.ClientHolder(clientId));
    }

    /** {@code oid.role.assigned} / {@code oid.role.unassigned} for a user (by id, with the username). */
    public static RoleChange.Assignment userAssignment(boolean assigned, Role role, UUID userId, String username) {
        return assignment(assigned, role, new RoleChange.UserHolder(userId, username));
    }

    private static RoleChange.Assignment assignment(boolean assigned, Role role, RoleChange.Holder holder) {
        return assigned ? new RoleChange.Assigned(facts(role), holder) : new RoleChange.Unassigned(facts(role), holder);
    }

    /** What the events of a role change say: tenant, role id and name. */
    public static RoleChange.Facts facts(Role role) {
        return new RoleChange.Facts(role.tenantId(), role.id(), role.name());
    }
}
