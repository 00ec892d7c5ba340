package com.orbusdigital.oid.event;

import java.util.UUID;

/**
 * Everything OID announces, one record per CloudEvents type: the record says its {@code type},
 * its Kafka record key ({@link #tenantId}), its {@code subject} and its {@code data}, and
 * {@link CloudEvent#of} makes the CloudEvent from those alone. State changes ({@link IdentityEvent})
 * go through the transactional outbox; tokens issued and revoked ({@link TokenEvent}) straight to
 * the publisher. Records hold ids, names, times, counts and flags — never a secret, password, hash
 * or token value, and no untyped payload that could carry one.
 */
public sealed interface OidEvent permits IdentityEvent, TokenEvent {

    /** The CloudEvents type, e.g. {@code oid.client.created}. */
    String type();

    /** The tenant concerned: the Kafka record key, so one tenant's events stay in order. */
    UUID tenantId();

    /** The id of what the event is about. */
    String subject();

    /** The facts a consumer needs, in the order they go on the wire. */
    EventData data();
}
