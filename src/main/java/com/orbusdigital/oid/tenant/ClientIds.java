package com.orbusdigital.oid.tenant;

/**
 * The client_ids already taken, which creating a tenant must know (a new slug must not be the
 * namespace of other tenants' clients). client/ answers: its clients belong to a tenant, so tenant/
 * reaches it through this interface rather than depend on it.
 */
public interface ClientIds {

    /** Whether any client_id starts with {@code prefix} (letters, digits, hyphens and dots only: no LIKE wildcards). */
    boolean anyWithClientIdStarting(String prefix);
}
