package com.orbusdigital.oid.event;

import java.util.Optional;
import java.util.UUID;

/**
 * A user's second factors or passkeys set up, used or taken away. The subject is the user. Never a
 * secret, a code, a public key or a credential id in the data: a passkey is named by OID's own id
 * for it (the admin API's) and the name its user gave it.
 *
 * @see <a href="../../../../../../../docs/events.md">docs/events.md</a>
 */
public sealed interface FactorChange extends IdentityEvent {

    UUID userId();

    @Override
    default String subject() {
        return userId().toString();
    }

    /**
     * Who made the change: the user themself (signing in or on their security page), or an
     * administrator (the admin API's client_id).
     */
    record Actor(Optional<String> adminClientId) {
        public static final Actor USER = new Actor(Optional.empty());

        public static Actor admin(String clientId) {
            return new Actor(Optional.of(clientId));
        }

        EventData data() {
            return EventData.of().text("by", adminClientId.isPresent() ? "admin" : "user").text("admin_client_id", adminClientId);
        }
    }

    /** {@code oid.user.passkey_registered}. */
    record PasskeyRegistered(UUID tenantId, UUID userId, UUID passkeyId, String name, boolean synced) implements FactorChange {
        @Override
        public String type() {
            return "oid.user.passkey_registered";
        }

        @Override
        public EventData data() {
            return EventData.of().id("tenant_id", tenantId).id("user_id", userId).id("passkey_id", passkeyId).text("name", name)
                    .flag("synced", synced);
        }
    }

    /** {@code oid.user.passkey_removed}. */
    record PasskeyRemoved(UUID tenantId, UUID userId, UUID passkeyId, Actor by) implements FactorChange {
        @Override
        public String type() {
            return "oid.user.passkey_removed";
        }

        @Override
        public EventData data() {
            return EventData.of().id("tenant_id", tenantId).id("user_id", userId).id("passkey_id", passkeyId).and(by.data());
        }
    }

    /** {@code oid.user.totp_enabled}: an authenticator app set up (its first code confirmed). */
    record TotpEnabled(UUID tenantId, UUID userId) implements FactorChange {
        @Override
        public String type() {
            return "oid.user.totp_enabled";
        }

        @Override
        public EventData data() {
            return EventData.of().id("tenant_id", tenantId).id("user_id", userId);
        }
    }

    /** {@code oid.user.totp_removed}. */
    record TotpRemoved(UUID tenantId, UUID userId, Actor by) implements FactorChange {
        @Override
        public String type() {
            return "oid.user.totp_removed";
        }

        @Override
        public EventData data() {
            return EventData.of().id("tenant_id", tenantId).id("user_id", userId).and(by.data());
        }
    }

    /** {@code oid.user.recovery_codes_generated}: a new set, the previous one no longer valid. */
    record RecoveryCodesGenerated(UUID tenantId, UUID userId, int count) implements FactorChange {
        @Override
        public String type() {
            return "oid.user.recovery_codes_generated";
        }

        @Override
        public EventData data() {
            return EventData.of().id("tenant_id", tenantId).id("user_id", userId).count("count", count);
        }
    }

    /** {@code oid.user.recovery_code_used}: announced, since it may mean a lost device — or a stolen code. */
    record RecoveryCodeUsed(UUID tenantId, UUID userId, String clientId, int remaining) implements FactorChange {
        @Override
        public String type() {
            return "oid.user.recovery_code_used";
        }

        @Override
        public EventData data() {
            return EventData.of().id("tenant_id", tenantId).id("user_id", userId).text("client_id", clientId)
                    .count("remaining", remaining);
        }
    }

    /** {@code oid.user.mfa_reset}: every second factor, passkey and recovery code of the user removed by an administrator. */
    record MfaReset(UUID tenantId, UUID userId, Actor by) implements FactorChange {
        @Override
        public String type() {
            return "oid.user.mfa_reset";
        }

        @Override
        public EventData data() {
            return EventData.of().id("tenant_id", tenantId).id("user_id", userId).and(by.data());
        }
    }
}
