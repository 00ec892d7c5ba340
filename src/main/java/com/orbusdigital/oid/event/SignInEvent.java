package com.orbusdigital.oid.event;

import com.orbusdigital.oid.protocol.Factor;
import com.orbusdigital.oid.protocol.Proofs;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A sign-in, a refused one, a lockout, a logout: what happens to a user's sessions, which changes
 * nothing a token or snapshot is made of. Never the password, nor the username typed for an
 * unknown user (people type passwords there).
 */
public sealed interface SignInEvent extends IdentityEvent {

    /** {@code oid.user.signed_in}: a new session; {@code method} says how (today {@code password}). */
    record SignedIn(UUID tenantId, UUID userId, String clientId, UUID sessionId, Proofs proofs) implements SignInEvent {

        /** How the sign-in began: {@code password}, or {@code passkey} without one. */
        public String method() {
            return proofs.contains(Factor.PASSWORD) || proofs.isEmpty() ? "password" : "passkey";
        }

        @Override
        public String type() {
            return "oid.user.signed_in";
        }

        @Override
        public String subject() {
            return userId.toString();
        }

        @Override
        public EventData data() {
            return EventData.of().id("tenant_id", tenantId).id("user_id", userId).text("client_id", clientId)
                    .id("session_id", sessionId).text("method", method()).texts("factors", proofs.codes());
        }
    }

    /**
     * {@code oid.user.sign_in_failed}; the subject is the user, or the tenant when no user has the
     * name typed. {@code reason} is one of the fixed reasons of {@code SignInFailure}.
     */
    record Failed(UUID tenantId, Optional<UUID> userId, String clientId, String reason) implements SignInEvent {
        @Override
        public String type() {
            return "oid.user.sign_in_failed";
        }

        @Override
        public String subject() {
            return userId.orElse(tenantId).toString();
        }

        @Override
        public EventData data() {
            return EventData.of().id("tenant_id", tenantId).id("user_id", userId)
                    .text("client_id", clientId).text("reason", reason);
        }
    }

    /** {@code oid.user.locked}: wrong passwords reached OID_LOGIN_MAX_FAILURES. */
    record Locked(UUID tenantId, UUID userId, Instant lockedUntil) implements SignInEvent {
        @Override
        public String type() {
            return "oid.user.locked";
        }

        @Override
        public String subject() {
            return userId.toString();
        }

        @Override
        public EventData data() {
            return EventData.of().id("tenant_id", tenantId).id("user_id", userId).time("locked_until", lockedUntil);
        }
    }

    /** {@code oid.user.signed_out}: a session ended by logout; the client when the logout named one. */
    record SignedOut(UUID tenantId, UUID userId, UUID sessionId, Optional<String> clientId, int refreshTokensRevoked)
            implements SignInEvent {
        @Override
        public String type() {
            return "oid.user.signed_out";
        }

        @Override
        public String subject() {
            return userId.toString();
        }

        @Override
        public EventData data() {
            return EventData.of().id("tenant_id", tenantId).id("user_id", userId).id("session_id", sessionId)
                    .text("client_id", clientId).count("refresh_tokens_revoked", refreshTokensRevoked);
        }
    }
}
