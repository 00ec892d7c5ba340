package com.orbusdigital.oid.role;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;

/** A named role inside one tenant; carried by name in the {@code roles} claim. */
@Entity
@DynamicUpdate // an update writes only the columns it changed
@Table(name = "roles")
public class Role {

    /** Administers everything, when held in the platform tenant. */
    public static final String OID_ADMIN = "oid-admin";
    /** Administers its own tenant; every tenant is created with it. */
    public static final String TENANT_ADMIN = "tenant-admin";
    /** Names of the platform's roles: nobody creates one, in any tenant (the platform's are made at bootstrap). */
    public static final String RESERVED_PREFIX = "oid-";

    @Id
    private UUID id;

    @Column(name = "tenant_id", nullable = false)
    private UUID tenantId;

    @Column(nullable = false)
    private String name;

    private String description;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** Moves with every change of this role's own fields: its ETag in the admin API. */
    @Version
    private Long version;

    protected Role() {
        // for JPA
    }

    public Role(UUID tenantId, String name, String description, Instant now) {
        this.id = UUID.randomUUID();
        this.tenantId = tenantId;
        this.name = name;
        this.description = description;
        this.createdAt = now;
    }

    public UUID id() {
        return id;
    }

    public UUID tenantId() {
        return tenantId;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** The version of this role's fields: its ETag. */
    public long version() {
        return version == null ? 0 : version;
    }

    /** The name cannot change: it is the role's identifier in paths and in tokens' roles claim. */
    public void describe(String description) {
        this.description = description;
    }

    /**
     * Whether the name is the platform's: {@code oid-admin} and anything else starting with {@code oid-},
     * in any letter case (a downstream service may compare names carelessly).
     */
    public static boolean isReserved(String name) {
        return name.regionMatches(true, 0, RESERVED_PREFIX, 0, RESERVED_PREFIX.length());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Role that && id.equals(that.id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }
}
