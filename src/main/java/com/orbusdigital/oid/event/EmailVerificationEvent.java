package com.orbusdigital.oid.event;

import java.util.UUID;

/**
 * Issue 17, item 3: a user's email address proved, or changed. The subject is the user. Never the
 * link, nor an address: a consumer that needs the address reads userinfo or the admin API, as it
 * does for every other change of a user; the email carrying a link is named by its Message-ID
 * (whose delivery {@code oid.email.sent} reports, with the recipient's domain only).
 *
 * @see <a href="../../../../../../../docs/events.md">docs/events.md</a>
 */
public sealed interface EmailVerificationEvent extends IdentityEvent {

    UUID userId();

    @Override
    default String subject() {
        return userId().toString();
    }

    /**
     * {@code oid.user.email_verification_requested}: a link was sent.
     *
     * @param purpose "verify" (the user's address) or "change" (a new address, replacing the old once proved)
     * @param by      "admin" (the admin API) or "user" (the account page)
     */
    record Requested(UUID tenantId, UUID userId, String messageId, String purpose, String by) implements EmailVerificationEvent {
        @Override
        public String type() {
            return "oid.user.email_verification_requested";
        }

        @Override
        public EventData data() {
            return EventData.of().id("tenant_id", tenantId).id("user_id", userId).text("message_id", messageId).text("purpose", purpose)
                    .text("by", by);
        }
    }

    /** {@code oid.user.email_verified}: the user followed a link; their address (a new one, for a change) is verified. */
    record Verified(UUID tenantId, UUID userId, String purpose) implements EmailVerificationEvent {
        @Override
        public String type() {
            return "oid.user.email_verified";
        }

        @Override
        public EventData data() {
            return EventData.of().id("tenant_id", tenantId).id("user_id", userId).text("purpose", purpose);
        }
    }

    /**
     * {@code oid.user.email_changed}: the user's address is another.
     *
     * @param by       "user" (a link to the new address followed) or "admin" (the admin API)
     * @param verified whether the new address counts as verified (through the link; or asserted by the administrator)
     */
    record Changed(UUID tenantId, UUID userId, String by, boolean verified) implements EmailVerificationEvent {
        @Override
        public String type() {
            return "oid.user.email_changed";
        }

        @Override
        public EventData data() {
            return EventData.of().id("tenant_id", tenantId).id("user_id", userId).text("by", by).flag("verified", verified);
        }
    }
}
