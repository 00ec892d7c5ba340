package com.orbusdigital.oid.tenant;

import java.time.Instant;
import java.util.UUID;

/**
 * The roles a new tenant starts with, added in the transaction that creates it. role/ makes them:
 * its roles belong to a tenant, so tenant/ reaches it through this interface rather than depend on it.
 */
public interface FirstRoles {

    /** Adds the tenant-admin role of the new tenant {@code tenantId}, and fires its event. */
    void addTenantAdmin(UUID tenantId, Instant now);
}
