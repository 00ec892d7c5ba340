package com.orbusdigital.oid.event;

import java.util.Map;
import java.util.UUID;

/**
 * A change of identity state — a tenant, user, client or role created, changed or deleted. The
 * domain fires it as a CDI event inside the transaction of the change; the observer writes it to
 * the outbox in that same transaction, so it is published if and only if the change commits.
 *
 * @param type     CloudEvents type, e.g. {@code oid.tenant.created}
 * @param tenantId the tenant concerned: the Kafka record key, so one tenant's events stay in order
 * @param subject  the id of what changed
 * @param data     the facts a consumer needs — never a secret, password, hash or token
 */
public record IdentityEvent(String type, UUID tenantId, String subject, Map<String, Object> data) {

    /** The record key of events that concern the whole platform rather than one tenant (a key rotation). */
    public static final UUID PLATFORM_WIDE = new UUID(0, 0);

    public IdentityEvent {
        data = Map.copyOf(data);
    }
}
