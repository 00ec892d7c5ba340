package com.orbusdigital.oid.event;

import java.util.UUID;

/**
 * Issue 17: what happened to one email of the mail outbox, and the forgotten-password flow it
 * carried. The subject is the message's Message-ID for a delivery, the user for a reset. Never the
 * link, a code, the text of the message or the full address: a delivery names the recipient's
 * domain only (enough to see a provider refusing OID's mail, not enough to learn who asked).
 *
 * @see <a href="../../../../../../../docs/events.md">docs/events.md</a>
 */
public sealed interface EmailEvent extends IdentityEvent {

    /**
     * {@code oid.email.sent}: the SMTP server accepted the message, or it was published on OID_MAIL_TOPIC.
     *
     * @param via "smtp" or "topic"
     */
    record Sent(UUID tenantId, String messageId, String kind, String recipientDomain, int attempts, String via) implements EmailEvent {
        @Override
        public String type() {
            return "oid.email.sent";
        }

        @Override
        public String subject() {
            return messageId;
        }

        @Override
        public EventData data() {
            return EventData.of().id("tenant_id", tenantId).text("message_id", messageId).text("kind", kind)
                    .text("recipient_domain", recipientDomain).count("attempts", attempts).text("via", via);
        }
    }

    /**
     * {@code oid.email.failed}: given up — refused for good (an SMTP 5xx reply, after a few tries) or
     * still failing after the longest the outbox retries.
     *
     * @param reason the SMTP reply code ("550"), or "timeout" / "unreachable" / "expired"
     */
    record Failed(UUID tenantId, String messageId, String kind, String recipientDomain, int attempts, String reason) implements EmailEvent {
        @Override
        public String type() {
            return "oid.email.failed";
        }

        @Override
        public String subject() {
            return messageId;
        }

        @Override
        public EventData data() {
            return EventData.of().id("tenant_id", tenantId).text("message_id", messageId).text("kind", kind)
                    .text("recipient_domain", recipientDomain).count("attempts", attempts).text("reason", reason);
        }
    }

    /**
     * {@code oid.password_reset.requested}: a link was sent to a user. Only for an account that
     * exists (the page says the same either way; this stream is for the platform, not the asker).
     */
    record ResetRequested(UUID tenantId, UUID userId, String messageId) implements EmailEvent {
        @Override
        public String type() {
            return "oid.password_reset.requested";
        }

        @Override
        public String subject() {
            return userId.toString();
        }

        @Override
        public EventData data() {
            return EventData.of().id("tenant_id", tenantId).id("user_id", userId).text("message_id", messageId);
        }
    }

    /** {@code oid.password_reset.completed}: the password set through a link; the user's sessions and refresh tokens ended. */
    record ResetCompleted(UUID tenantId, UUID userId, int sessionsEnded, int refreshTokensRevoked) implements EmailEvent {
        @Override
        public String type() {
            return "oid.password_reset.completed";
        }

        @Override
        public String subject() {
            return userId.toString();
        }

        @Override
        public EventData data() {
            return EventData.of().id("tenant_id", tenantId).id("user_id", userId).count("sessions_ended", sessionsEnded)
                    .count("refresh_tokens_revoked", refreshTokensRevoked);
        }
    }
}
