package com.orbusdigital.oid.event;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A user created, changed, disabled or deleted, given a password, or their tokens revoked; the
 * subject is the user id. Never a password or its hash.
 */
public sealed interface UserChange extends IdentityEvent {

    UUID userId();

    @Override
    default String subject() {
        return userId().toString();
    }

    /** What a consumer learns of a user as they now are. */
    record Facts(UUID tenantId, UUID userId, String username, Optional<String> email, boolean enabled) {

        EventData data() {
            return EventData.of().id("tenant_id", tenantId).id("user_id", userId).text("username", username)
                    .text("email", email).flag("enabled", enabled);
        }
    }

    /** A change that reports the user's facts as they now are. */
    sealed interface Described extends UserChange {

        Facts user();

        @Override
        default UUID tenantId() {
            return user().tenantId();
        }

        @Override
        default UUID userId() {
            return user().userId();
        }

        @Override
        default EventData data() {
            return user().data();
        }
    }

    record Created(Facts user) implements Described {
        @Override
        public String type() {
            return "oid.user.created";
        }
    }

    record Updated(Facts user) implements Described {
        @Override
        public String type() {
            return "oid.user.updated";
        }
    }

    record Disabled(Facts user) implements Described {
        @Override
        public String type() {
            return "oid.user.disabled";
        }
    }

    /** A change whose event names the user and nothing more. */
    sealed interface Named extends UserChange {
        @Override
        default EventData data() {
            return EventData.of().id("tenant_id", tenantId()).id("user_id", userId());
        }
    }

    record Deleted(UUID tenantId, UUID userId) implements Named {
        @Override
        public String type() {
            return "oid.user.deleted";
        }
    }

    /** A password set by an administrator: that it changed, never the password or its hash. */
    record PasswordChanged(UUID tenantId, UUID userId) implements Named {
        @Override
        public String type() {
            return "oid.user.password_changed";
        }
    }

    /** An oid-admin revoked every token of the user issued at or before {@code revokedBefore} and ended their sessions. */
    record TokensRevoked(UUID tenantId, UUID userId, Instant revokedBefore, int refreshTokensRevoked, int sessionsEnded)
            implements UserChange {
        @Override
        public String type() {
            return "oid.user.tokens_revoked";
        }

        @Override
        public EventData data() {
            return EventData.of().id("tenant_id", tenantId).id("user_id", userId).time("revoked_before", revokedBefore)
                    .count("refresh_tokens_revoked", refreshTokensRevoked).count("sessions_ended", sessionsEnded);
        }
    }
}
