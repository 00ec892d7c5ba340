package com.orbusdigital.oid.event;

import java.time.Instant;
import java.util.UUID;

/**
 * Tokens revoked by the protocol's own rules or by their client: a replayed code, a reused refresh
 * token, a refresh token revoked by its client (RFC 7009), an access token revoked by an oid-admin.
 * (Every token of a client or user revoked by an oid-admin is a {@link ClientChange} or
 * {@link UserChange}: the client's or user's standing changed.)
 */
public sealed interface Revocation extends IdentityEvent {

    /** {@code oid.authorization_code.replayed}: what the code issued is revoked; the client is the one who presented it again. */
    record CodeReplayed(UUID tenantId, UUID userId, String clientId, boolean accessTokenRevoked, int refreshTokensRevoked)
            implements Revocation {
        @Override
        public String type() {
            return "oid.authorization_code.replayed";
        }

        @Override
        public String subject() {
            return userId.toString();
        }

        @Override
        public EventData data() {
            return EventData.of().id("tenant_id", tenantId).id("user_id", userId).text("client_id", clientId)
                    .flag("access_token_revoked", accessTokenRevoked).count("refresh_tokens_revoked", refreshTokensRevoked);
        }
    }

    /** {@code oid.refresh_token.reuse_detected} or {@code oid.refresh_token.revoked}: a refresh token family revoked. */
    sealed interface FamilyRevoked extends Revocation {

        UUID userId();

        String clientId();

        UUID familyId();

        int refreshTokensRevoked();

        @Override
        default String subject() {
            return userId().toString();
        }

        @Override
        default EventData data() {
            return EventData.of().id("tenant_id", tenantId()).id("user_id", userId()).text("client_id", clientId())
                    .id("family_id", familyId()).count("refresh_tokens_revoked", refreshTokensRevoked());
        }
    }

    /** A rotated refresh token presented again: its whole family is revoked. */
    record RefreshReuseDetected(UUID tenantId, UUID userId, String clientId, UUID familyId, int refreshTokensRevoked)
            implements FamilyRevoked {
        @Override
        public String type() {
            return "oid.refresh_token.reuse_detected";
        }
    }

    /** A client revoked a refresh token (RFC 7009), and with it its family. */
    record RefreshTokenRevoked(UUID tenantId, UUID userId, String clientId, UUID familyId, int refreshTokensRevoked)
            implements FamilyRevoked {
        @Override
        public String type() {
            return "oid.refresh_token.revoked";
        }
    }

    /**
     * {@code oid.token.revoked} by an oid-admin, by jti: whose token it was is not known, so the record
     * key is {@link IdentityEvent#PLATFORM_WIDE}; {@code expiresAt} is how long the jti is remembered.
     */
    record AccessTokenRevoked(String jti, Instant expiresAt) implements Revocation {
        @Override
        public String type() {
            return "oid.token.revoked";
        }

        @Override
        public UUID tenantId() {
            return PLATFORM_WIDE;
        }

        @Override
        public String subject() {
            return jti;
        }

        @Override
        public EventData data() {
            return EventData.of().text("jti", jti).time("expires_at", expiresAt);
        }
    }
}
