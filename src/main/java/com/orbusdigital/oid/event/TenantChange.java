package com.orbusdigital.oid.event;

import java.util.UUID;

/** A tenant created, changed, disabled or deleted; the subject is the tenant id. */
public sealed interface TenantChange extends IdentityEvent {

    @Override
    default String subject() {
        return tenantId().toString();
    }

    /** What a consumer learns of a tenant as it now is. */
    record Facts(UUID id, String slug, String name, boolean enabled) {

        EventData data() {
            return EventData.of().id("tenant_id", id).text("slug", slug).text("name", name).flag("enabled", enabled);
        }
    }

    /** A change after which the tenant exists: its facts as they now are. */
    sealed interface Described extends TenantChange {

        Facts tenant();

        @Override
        default UUID tenantId() {
            return tenant().id();
        }

        @Override
        default EventData data() {
            return tenant().data();
        }
    }

    record Created(Facts tenant) implements Described {
        @Override
        public String type() {
            return "oid.tenant.created";
        }
    }

    record Updated(Facts tenant) implements Described {
        @Override
        public String type() {
            return "oid.tenant.updated";
        }
    }

    record Disabled(Facts tenant) implements Described {
        @Override
        public String type() {
            return "oid.tenant.disabled";
        }
    }

    /** The tenant and everything in it deleted. */
    record Deleted(UUID tenantId, String slug) implements TenantChange {
        @Override
        public String type() {
            return "oid.tenant.deleted";
        }

        @Override
        public EventData data() {
            return EventData.of().id("tenant_id", tenantId).text("slug", slug);
        }
    }
}
