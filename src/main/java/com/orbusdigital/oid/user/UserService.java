package com.orbusdigital.oid.user;

import com.orbusdigital.oid.admin.IfMatch;
import com.orbusdigital.oid.admin.Page;
import com.orbusdigital.oid.admin.ProblemException;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.event.EmailVerificationEvent;
import com.orbusdigital.oid.event.UserChange;
import com.orbusdigital.oid.persistence.Transactional;
import com.orbusdigital.oid.protocol.StandardClaims;
import com.orbusdigital.oid.role.Role;
import com.orbusdigital.oid.role.RoleService;
import com.orbusdigital.oid.session.Sessions;
import com.orbusdigital.oid.session.backchannel.BackChannelLogouts;
import com.orbusdigital.oid.tenant.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Users of a tenant; every change is an {@link IdentityEvent} in its transaction, never with a password or hash. */
@ApplicationScoped
public class UserService {

    /** What an administrator may set on a user; {@code claims}, the standard claims beyond the columns. */
    public record UserChanges(Optional<String> email, Optional<Boolean> emailVerified, Optional<String> name,
                              Optional<Boolean> enabled, StandardClaims.Edit claims) {

        public UserChanges(Optional<String> email, Optional<Boolean> emailVerified, Optional<String> name, Optional<Boolean> enabled) {
            this(email, emailVerified, name, enabled, StandardClaims.Edit.NONE);
        }
    }

    private UserRepository users;
    private RoleService roles;
    private Passwords passwords;
    private Event<IdentityEvent> events;
    private Clock clock;
    private Sessions sessions;
    private BackChannelLogouts backChannel;

    protected UserService() {
        // for the CDI proxy
    }

    @Inject
    public UserService(UserRepository users, RoleService roles, Passwords passwords, Event<IdentityEvent> events, Clock clock,
                       Sessions sessions, BackChannelLogouts backChannel) {
        this.sessions = sessions;
        this.backChannel = backChannel;
        this.users = users;
        this.roles = roles;
        this.passwords = passwords;
        this.events = events;
        this.clock = clock;
    }

    /** {@code username} and {@code email} as {@link Usernames} and {@link EmailAddresses} enforce them. */
    @Transactional
    public User create(Tenant tenant, String username, Optional<String> email, Optional<String> name,
                       Optional<String> password, boolean enabled) {
        return create(tenant, username, email, name, password, enabled, StandardClaims.Edit.NONE);
    }

    /** A user with standard claims beyond the columns ({@code claims}: values already checked by {@code ClaimRules}). */
    @Transactional
    public User create(Tenant tenant, String username, Optional<String> email, Optional<String> name,
                       Optional<String> password, boolean enabled, StandardClaims.Edit claims) {
        if (users.usernameTaken(tenant.id(), username)) {
            throw ProblemException.conflict("Username '" + username + "' is already taken in this tenant.");
        }
        // never says which user it resembles: that would show another user's name
        if (users.lookAlikeTaken(tenant.id(), Usernames.skeleton(username))) {
            throw ProblemException.conflict("Username '" + username + "' is too similar to an existing username in this tenant.");
        }
        if (email.isPresent() && users.emailTaken(tenant.id(), email.get(), new UUID(0, 0))) {
            throw ProblemException.conflict("Email '" + email.get() + "' is already used in this tenant.");
        }
        Optional<String> hash = password.map(p -> passwords.accept(p, username, email.orElse(null)));
        Instant now = clock.instant();
        User user = new User(tenant.id(), username, email.orElse(null), name.orElse(null), enabled, now);
        hash.ifPresent(h -> user.setPasswordHash(h, now));
        user.editStandardClaims(claims, now);
        users.add(user);
        events.fire(new UserChange.Created(facts(user)));
        return user;
    }

    // --- issue 17, self sign-up: a user whose address a link verified and who chose their password there ---
    /**
     * A user whose username is their address, verified ({@code email_verified} true: the link that
     * reached it proved it), with a password already checked by the policy and hashed; empty, nothing
     * created, when the username, a look-alike of it or the address is already someone's.
     */
    @Transactional
    public Optional<User> createVerified(UUID tenantId, String address, Optional<String> name, String passwordHash) {
        if (users.usernameTaken(tenantId, address) || users.lookAlikeTaken(tenantId, Usernames.skeleton(address))
                || users.emailTaken(tenantId, address, new UUID(0, 0))) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        User user = new User(tenantId, address, address, name.orElse(null), true, now);
        user.setEmailVerified(true, now);
        user.setPasswordHash(passwordHash, now);
        users.add(user);
        events.fire(new UserChange.Created(facts(user)));
        return Optional.of(user);
    }
    // --- end of issue 17, self sign-up ---

    /** A user whose password hash comes from another system; it is verified, then replaced, at the first sign-in. */
    @Transactional
    public User importUser(Tenant tenant, String username, Optional<String> email, Optional<String> name,
                           String passwordHash, boolean enabled) {
        return importUser(tenant, username, email, name, passwordHash, enabled, StandardClaims.Edit.NONE);
    }

    @Transactional
    public User importUser(Tenant tenant, String username, Optional<String> email, Optional<String> name,
                           String passwordHash, boolean enabled, StandardClaims.Edit claims) {
        User user = create(tenant, username, email, name, Optional.empty(), enabled, claims);
        user.setPasswordHash(passwordHash, clock.instant());
        return user;
    }

    public boolean recognizesHash(String stored) {
        return passwords.hasher().recognizes(stored);
    }

    @Transactional
    public Page<User> search(Tenant tenant, Optional<String> query, Page.Window window) {
        return new Page<>(users.search(tenant.id(), query, window.limit(), window.offset()), users.count(tenant.id(), query),
                window.limit(), window.offset());
    }

    /** The user of this tenant, or 404; a malformed id is simply not found. */
    @Transactional
    public User get(Tenant tenant, String id) {
        try {
            return users.find(tenant.id(), UUID.fromString(id)).orElseThrow(() -> ProblemException.notFound("User"));
        } catch (IllegalArgumentException notAnId) {
            throw ProblemException.notFound("User");
        }
    }

    @Transactional
    public User update(User found, IfMatch ifMatch, UserChanges changes) {
        User user = current(found, ifMatch);
        Instant now = clock.instant();
        // issue 17, email verification: a new address is unverified unless this request asserts
        // email_verified: true (an import, an address checked elsewhere); it kills the links made
        // under the old one (they are bound to it)
        boolean newAddress = changes.email().filter(email -> !email.equalsIgnoreCase(user.email().orElse(""))).isPresent();
        changes.email().ifPresent(email -> {
            if (users.emailTaken(user.tenantId(), email, user.id())) {
                throw ProblemException.conflict("Email '" + email + "' is already used in this tenant.");
            }
            if (!email.equalsIgnoreCase(user.email().orElse(""))) {
                user.setEmail(email, false, now);
            }
        });
        changes.emailVerified().ifPresent(verified -> user.setEmailVerified(verified, now));
        if (newAddress) {
            events.fire(new EmailVerificationEvent.Changed(user.tenantId(), user.id(), "admin", user.emailVerified()));
        }
        changes.name().ifPresent(name -> user.setName(name, now));
        user.editStandardClaims(changes.claims(), now);
        boolean disabling = changes.enabled().map(enabled -> !enabled && user.enabled()).orElse(false);
        changes.enabled().ifPresent(enabled -> user.setEnabled(enabled, now));
        if (disabling) {
            endSessions(user);
        }
        events.fire(disabling ? new UserChange.Disabled(facts(user)) : new UserChange.Updated(facts(user)));
        return user;
    }

    /** The hash is computed before the row is locked: sign-ins of this user need not wait for it. */
    @Transactional
    public void setPassword(User found, IfMatch ifMatch, String password) {
        String hash = passwords.accept(password, found.username(), found.email().orElse(null));
        User user = current(found, ifMatch);
        user.setPasswordHash(hash, clock.instant());
        events.fire(new UserChange.PasswordChanged(user.tenantId(), user.id()));
    }

    @Transactional
    public void delete(User found, IfMatch ifMatch) {
        User user = current(found, ifMatch);
        endSessions(user);
        users.remove(user);
        events.fire(new UserChange.Deleted(user.tenantId(), user.id()));
    }

    /**
     * issue 18: a user disabled or deleted has no session left, and the applications those sessions
     * served are told (back-channel logout), in the change's transaction.
     */
    private void endSessions(User user) {
        backChannel.sessionsEnded(sessions.endAllOf(user.id()));
    }

    @Transactional
    public List<Role> roles(User user) {
        return user.roles().stream().sorted(Comparator.comparing(Role::name)).toList();
    }

    /** Assignments leave the user's version alone; its lock makes simultaneous ones take turns. */
    @Transactional
    public void assign(Tenant tenant, User found, String roleName) {
        User user = current(found, IfMatch.NONE);
        Role role = roles.get(tenant, roleName);
        if (user.addRole(role)) {
            events.fire(RoleService.userAssignment(true, role, user.id(), user.username()));
        }
    }

    @Transactional
    public void unassign(Tenant tenant, User found, String roleName) {
        User user = current(found, IfMatch.NONE);
        Role role = roles.get(tenant, roleName);
        if (user.removeRole(role)) {
            events.fire(RoleService.userAssignment(false, role, user.id(), user.username()));
        }
    }

    /**
     * The user as their row is now, locked until the change commits: a change made from a copy read
     * earlier would write back what another change, or a sign-in, committed meanwhile. 404 when
     * deleted meanwhile, 412 when If-Match names another version.
     */
    private User current(User found, IfMatch ifMatch) {
        User user = users.current(found).orElseThrow(() -> ProblemException.notFound("User"));
        ifMatch.check(user.id(), user.version(), "User '" + user.username() + "'");
        return user;
    }

    /** What the events of a user change say: never a password or its hash. */
    private static UserChange.Facts facts(User user) {
        return new UserChange.Facts(user.tenantId(), user.id(), user.username(), user.email(), user.enabled());
    }
}
