package com.orbusdigital.oid.event;

import java.util.UUID;

/**
 * Issue 18: what became of one back-channel logout (OpenID Connect Back-Channel Logout 1.0) that a
 * session's end sent to a client. The subject is the session. Never the logout token nor the
 * client's URI: the client, the session, how many attempts, and the HTTP status or what failed.
 *
 * @see <a href="../../../../../../../docs/events.md">docs/events.md</a>
 */
public sealed interface BackChannelLogoutEvent extends IdentityEvent {

    /** {@code oid.session.logout_notified}: the client answered 2xx to the logout token. */
    record Notified(UUID tenantId, String clientId, UUID sessionId, int attempts, int status) implements BackChannelLogoutEvent {
        @Override
        public String type() {
            return "oid.session.logout_notified";
        }

        @Override
        public String subject() {
            return sessionId.toString();
        }

        @Override
        public EventData data() {
            return EventData.of().id("tenant_id", tenantId).text("client_id", clientId).id("session_id", sessionId)
                    .count("attempts", attempts).count("status", status);
        }
    }

    /**
     * {@code oid.session.logout_notification_failed}: given up — still failing after the longest
     * the relay retries, or the client's URI removed meanwhile.
     *
     * @param failure the last HTTP status ("503"), or "timeout", "unreachable", "no_uri"
     */
    record NotificationFailed(UUID tenantId, String clientId, UUID sessionId, int attempts, String failure)
            implements BackChannelLogoutEvent {
        @Override
        public String type() {
            return "oid.session.logout_notification_failed";
        }

        @Override
        public String subject() {
            return sessionId.toString();
        }

        @Override
        public EventData data() {
            return EventData.of().id("tenant_id", tenantId).text("client_id", clientId).id("session_id", sessionId)
                    .count("attempts", attempts).text("failure", failure);
        }
    }
}
