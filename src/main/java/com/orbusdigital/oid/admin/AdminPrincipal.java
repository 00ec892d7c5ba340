package com.orbusdigital.oid.admin;

import java.util.UUID;

/**
 * Who is calling the admin API. A platform administrator (role oid-admin in tenant platform) acts
 * on every tenant; a tenant administrator (role tenant-admin) only inside its own tenant.
 *
 * @param clientId the client the token was issued to (its {@code client_id}), which events name as
 *                 the administrator who made a change
 */
public record AdminPrincipal(String subject, String clientId, UUID tenantId, boolean platformAdmin) {

    public boolean mayActIn(UUID tenant) {
        return platformAdmin || tenantId.equals(tenant);
    }
}
