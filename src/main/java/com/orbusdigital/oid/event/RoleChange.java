package com.orbusdigital.oid.event;

import java.util.UUID;

/** A role created, changed or deleted, or assigned to or taken from a client or user; the subject is the role id. */
public sealed interface RoleChange extends IdentityEvent {

    Facts role();

    @Override
    default UUID tenantId() {
        return role().tenantId();
    }

    @Override
    default String subject() {
        return role().id().toString();
    }

    @Override
    default EventData data() {
        return role().data();
    }

    /** What a consumer learns of a role. */
    record Facts(UUID tenantId, UUID id, String name) {

        EventData data() {
            return EventData.of().id("tenant_id", tenantId).id("role_id", id).text("name", name);
        }
    }

    /** Who gains or loses a role. */
    sealed interface Holder {
        EventData data();
    }

    /** A client, by its client_id. */
    record ClientHolder(String clientId) implements Holder {
        @Override
        public EventData data() {
            return EventData.of().text("client_id", clientId);
        }
    }

    /** A user, by id, with the username. */
    record UserHolder(UUID userId, String username) implements Holder {
        @Override
        public EventData data() {
            return EventData.of().id("user_id", userId).text("username", username);
        }
    }

    record Created(Facts role) implements RoleChange {
        @Override
        public String type() {
            return "oid.role.created";
        }
    }

    /** Its description changed (a role's name never changes). */
    record Updated(Facts role) implements RoleChange {
        @Override
        public String type() {
            return "oid.role.updated";
        }
    }

    record Deleted(Facts role) implements RoleChange {
        @Override
        public String type() {
            return "oid.role.deleted";
        }
    }

    /** A client or user gains or loses the role; an assignment that changes nothing is no event. */
    sealed interface Assignment extends RoleChange {

        Holder holder();

        @Override
        default EventData data() {
            return role().data().and(holder().data());
        }
    }

    record Assigned(Facts role, Holder holder) implements Assignment {
        @Override
        public String type() {
            return "oid.role.assigned";
        }
    }

    record Unassigned(Facts role, Holder holder) implements Assignment {
        @Override
        public String type() {
            return "oid.role.unassigned";
        }
    }
}
