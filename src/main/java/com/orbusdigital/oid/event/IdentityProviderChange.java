package com.orbusdigital.oid.event;

import java.util.List;
import java.util.UUID;

/**
 * Issue 18: a tenant's upstream identity provider created, changed or deleted through the admin API;
 * the subject is the provider's id. Never its client secret: an update names {@code client_secret}
 * among the changed fields when one was set or dropped, never its value.
 */
public sealed interface IdentityProviderChange extends IdentityEvent {

    Facts provider();

    @Override
    default UUID tenantId() {
        return provider().tenantId();
    }

    @Override
    default String subject() {
        return provider().id().toString();
    }

    @Override
    default EventData data() {
        return provider().data();
    }

    /** What a consumer learns of a provider as it now is. */
    record Facts(UUID tenantId, UUID id, String alias, boolean enabled) {

        EventData data() {
            return EventData.of().id("tenant_id", tenantId).id("provider_id", id).text("alias", alias).flag("enabled", enabled);
        }
    }

    record Created(Facts provider) implements IdentityProviderChange {
        @Override
        public String type() {
            return "oid.identity_provider.created";
        }
    }

    /** @param changed the admin API's names of the fields that changed, in its order ({@code client_secret} last) */
    record Updated(Facts provider, List<String> changed) implements IdentityProviderChange {

        public Updated {
            changed = List.copyOf(changed);
        }

        @Override
        public String type() {
            return "oid.identity_provider.updated";
        }

        @Override
        public EventData data() {
            return provider.data().texts("changed", changed);
        }
    }

    record Deleted(Facts provider) implements IdentityProviderChange {
        @Override
        public String type() {
            return "oid.identity_provider.deleted";
        }
    }
}
