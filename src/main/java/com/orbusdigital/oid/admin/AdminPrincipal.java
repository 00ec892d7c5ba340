package com.orbusdigital.oid.admin;

import java.util.UUID;

/**
 * Who is calling the admin API. A platform administrator (role oid-admin in tenant platform) acts
 * on every tenant; a tenant administrator (role tenant-admin) only inside its own tenant.
 */
public record AdminPrincipal(String subject, UUID tenantId, boolean platformAdmin) {

    public boolean mayActIn(UUID tenant) {
        return platformAdmin || tenantId.equals(tenant);
    }
}
