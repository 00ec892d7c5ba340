package com.orbusdigital.oid.event;

import java.util.UUID;

/**
 * Issue 18: signing in through a tenant's own OpenID provider. Never a token, a code, a state or a
 * nonce; the provider's subject is not published either (the link is OID's, and the user id names
 * the person). The subject is the user id.
 *
 * @see <a href="../../../../../../../docs/events.md">docs/events.md</a>
 */
public sealed interface FederationEvent extends IdentityEvent {

    UUID userId();

    @Override
    default String subject() {
        return userId().toString();
    }

    /**
     * {@code oid.user.federated_sign_in}: the provider vouched for the user and OID accepted it (the
     * session follows, after a second factor when the tenant asks one). {@code created}: the user was
     * created just now (with oid.user.created); {@code linked}: the provider's identity was linked to
     * them just now (with oid.user.linked).
     */
    record SignedIn(UUID tenantId, UUID userId, UUID providerId, String providerAlias, boolean created, boolean linked)
            implements FederationEvent {
        @Override
        public String type() {
            return "oid.user.federated_sign_in";
        }

        @Override
        public EventData data() {
            return EventData.of().id("tenant_id", tenantId).id("user_id", userId).id("provider_id", providerId)
                    .text("provider_alias", providerAlias).flag("created", created).flag("linked", linked);
        }
    }

    /**
     * {@code oid.user.linked}: an identity at the provider linked to the user — {@code by} says how:
     * {@code email} (an existing user whose address the provider verified) or {@code created} (a user
     * created just in time for it).
     */
    record Linked(UUID tenantId, UUID userId, UUID providerId, String providerAlias, String by) implements FederationEvent {
        @Override
        public String type() {
            return "oid.user.linked";
        }

        @Override
        public EventData data() {
            return EventData.of().id("tenant_id", tenantId).id("user_id", userId).id("provider_id", providerId)
                    .text("provider_alias", providerAlias).text("by", by);
        }
    }
}
