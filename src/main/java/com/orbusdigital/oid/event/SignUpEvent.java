package com.orbusdigital.oid.event;

import java.util.UUID;

/**
 * Issue 17: self sign-up. Never the link, the token or the full address: a request names the
 * address's domain only (enough to see who signs up from where, not who), and whether the address
 * already had an account (then the email sent says so instead of carrying a link). The page that
 * answers the asker says the same either way; this stream is for the platform.
 *
 * @see <a href="../../../../../../../docs/events.md">docs/events.md</a>
 */
public sealed interface SignUpEvent extends IdentityEvent {

    /**
     * {@code oid.user.sign_up_requested}: an email left for a sign-up — the link to create the
     * account, or, for an address that has one, the reminder of it. Not for a request past the limits.
     */
    record Requested(UUID tenantId, String messageId, String emailDomain, boolean accountExists) implements SignUpEvent {
        @Override
        public String type() {
            return "oid.user.sign_up_requested";
        }

        @Override
        public String subject() {
            return messageId;
        }

        @Override
        public EventData data() {
            return EventData.of().id("tenant_id", tenantId).text("message_id", messageId).text("email_domain", emailDomain)
                    .flag("account_exists", accountExists);
        }
    }

    /** {@code oid.user.signed_up}: the account created through a sign-up link, its address verified by it (with oid.user.created). */
    record SignedUp(UUID tenantId, UUID userId, String clientId) implements SignUpEvent {
        @Override
        public String type() {
            return "oid.user.signed_up";
        }

        @Override
        public String subject() {
            return userId.toString();
        }

        @Override
        public EventData data() {
            return EventData.of().id("tenant_id", tenantId).id("user_id", userId).text("client_id", clientId);
        }
    }
}
