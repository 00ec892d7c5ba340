package com.orbusdigital.oid.event;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Issue 17: a tenant administrator's invitation, from its sending to its acceptance. The subject is
 * the invitation's id. Never the link or the full address: the recipient's domain only, as the mail
 * outbox's own events say it.
 *
 * @see <a href="../../../../../../../docs/events.md">docs/events.md</a>
 */
public sealed interface InvitationEvent extends IdentityEvent {

    UUID invitationId();

    @Override
    default String subject() {
        return invitationId().toString();
    }

    /** {@code oid.user.invited}: the invitation made and its email written to the mail outbox. */
    record Invited(UUID tenantId, UUID invitationId, String recipientDomain, List<String> roles, Instant expiresAt, String messageId)
            implements InvitationEvent {
        public Invited {
            roles = List.copyOf(roles);
        }

        @Override
        public String type() {
            return "oid.user.invited";
        }

        @Override
        public EventData data() {
            return EventData.of().id("tenant_id", tenantId).id("invitation_id", invitationId).text("recipient_domain", recipientDomain)
                    .texts("roles", roles).time("expires_at", expiresAt).text("message_id", messageId);
        }
    }

    /** {@code oid.user.invitation_resent}: a new link sent; the one before it no longer works. */
    record Resent(UUID tenantId, UUID invitationId, String recipientDomain, Instant expiresAt, String messageId) implements InvitationEvent {
        @Override
        public String type() {
            return "oid.user.invitation_resent";
        }

        @Override
        public EventData data() {
            return EventData.of().id("tenant_id", tenantId).id("invitation_id", invitationId).text("recipient_domain", recipientDomain)
                    .time("expires_at", expiresAt).text("message_id", messageId);
        }
    }

    /** {@code oid.user.invitation_revoked}: an administrator withdrew it; its link works no more. */
    record Revoked(UUID tenantId, UUID invitationId) implements InvitationEvent {
        @Override
        public String type() {
            return "oid.user.invitation_revoked";
        }

        @Override
        public EventData data() {
            return EventData.of().id("tenant_id", tenantId).id("invitation_id", invitationId);
        }
    }

    /** {@code oid.user.invitation_accepted}: the person chose a password; their user now exists (with its own oid.user.created). */
    record Accepted(UUID tenantId, UUID invitationId, UUID userId, List<String> roles) implements InvitationEvent {
        public Accepted {
            roles = List.copyOf(roles);
        }

        @Override
        public String type() {
            return "oid.user.invitation_accepted";
        }

        @Override
        public EventData data() {
            return EventData.of().id("tenant_id", tenantId).id("invitation_id", invitationId).id("user_id", userId).texts("roles", roles);
        }
    }
}
