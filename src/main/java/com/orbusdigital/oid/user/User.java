package com.orbusdigital.oid.user;

import com.orbusdigital.oid.protocol.StandardClaims;
import com.orbusdigital.oid.role.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.OptimisticLock;
import org.hibernate.type.SqlTypes;

/** A person of one tenant. {@link #id()} is the stable {@code sub} of their tokens, never the username. */
@Entity
@DynamicUpdate // an update writes only the columns it changed, never the sign-in counters that sign-ins set with SQL
@Table(name = "users")
public class User {

    @Id
    private UUID id;

    @Column(name = "tenant_id", nullable = false)
    private UUID tenantId;

    @Column(nullable = false)
    private String username;

    /** {@link Usernames#skeleton}: unique per tenant, so that no new username looks like an existing one. */
    @Column(name = "username_skeleton")
    private String usernameSkeleton;

    private String email;

    @Column(name = "email_verified", nullable = false)
    private boolean emailVerified;

    private String name;

    @Column(name = "password_hash")
    private String passwordHash;

    /** The standard claims beyond the columns, as {@link StandardClaims#toJson} wrote them (jsonb); null: none. */
    @JdbcTypeCode(SqlTypes.JSON)
    private String profile;

    @Column(nullable = false)
    private boolean enabled = true;

    @Column(name = "failed_logins", nullable = false)
    private int failedLogins;

    @Column(nullable = false)
    private int lockouts;

    @Column(name = "locked_until")
    private Instant lockedUntil;

    @Column(name = "password_changed_at")
    private Instant passwordChangedAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** Moves with every change of this user's own fields: its ETag in the admin API. */
    @Version
    private Long version;

    // a role assignment is a resource of its own (…/roles/{name}): it does not move this user's version
    @OptimisticLock(excluded = true)
    @ManyToMany(fetch = FetchType.LAZY)
    @JoinTable(name = "user_roles",
            joinColumns = @JoinColumn(name = "user_id"),
            inverseJoinColumns = @JoinColumn(name = "role_id"))
    private Set<Role> roles = new HashSet<>();

    protected User() {
        // for JPA
    }

    public User(UUID tenantId, String username, String email, String name, boolean enabled, Instant now) {
        this.id = UUID.randomUUID();
        this.tenantId = tenantId;
        this.username = username;
        this.usernameSkeleton = Usernames.skeleton(username);
        this.email = email;
        this.name = name;
        this.enabled = enabled;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public UUID id() {
        return id;
    }

    public UUID tenantId() {
        return tenantId;
    }

    public String username() {
        return username;
    }

    public Optional<String> email() {
        return Optional.ofNullable(email);
    }

    public boolean emailVerified() {
        return emailVerified;
    }

    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    public boolean enabled() {
        return enabled;
    }

    public StandardClaims standardClaims() {
        return StandardClaims.fromJson(profile);
    }

    public boolean hasPassword() {
        return passwordHash != null;
    }

    public Optional<String> passwordHash() {
        return Optional.ofNullable(passwordHash);
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** The version of this user's fields: its ETag. */
    public long version() {
        return version == null ? 0 : version;
    }

    public Set<Role> roles() {
        return Set.copyOf(roles);
    }

    public void setEmail(String email, boolean verified, Instant now) {
        this.email = email;
        this.emailVerified = verified;
        this.updatedAt = now;
    }

    public void setEmailVerified(boolean verified, Instant now) {
        this.emailVerified = verified;
        this.updatedAt = now;
    }

    public void setName(String name, Instant now) {
        this.name = name;
        this.updatedAt = now;
    }

    /** The claims after {@code edit}; whether any changed (updated_at moves only then). */
    public boolean editStandardClaims(StandardClaims.Edit edit, Instant now) {
        StandardClaims before = standardClaims();
        StandardClaims after = before.with(edit);
        if (after.changedFrom(before).isEmpty()) {
            return false;
        }
        this.profile = after.toJson();
        this.updatedAt = now;
        return true;
    }

    public void setEnabled(boolean enabled, Instant now) {
        this.enabled = enabled;
        this.updatedAt = now;
    }

    /** A new password hash; an administrator's reset also lifts a lock-out. */
    public void setPasswordHash(String passwordHash, Instant now) {
        this.passwordHash = passwordHash;
        this.passwordChangedAt = now;
        this.failedLogins = 0;
        this.lockedUntil = null;
        this.updatedAt = now;
    }

    public boolean addRole(Role role) {
        return roles.add(role);
    }

    public boolean removeRole(Role role) {
        return roles.remove(role);
    }
}
