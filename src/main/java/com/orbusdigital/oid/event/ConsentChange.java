package com.orbusdigital.oid.event;

import java.util.List;
import java.util.UUID;

/**
 * A user's consent to a third-party client given or taken away (issue 17). The subject is the user;
 * the client is named by its client_id, the scopes by their names.
 *
 * @see <a href="../../../../../../../docs/events.md">docs/events.md</a>
 */
public sealed interface ConsentChange extends IdentityEvent {

    UUID userId();

    @Override
    default String subject() {
        return userId().toString();
    }

    /**
     * {@code oid.consent.granted}: the user allowed the client these scopes on the consent page.
     *
     * @param scopes every scope the client now holds, the earlier ones too
     */
    record Granted(UUID tenantId, UUID userId, String clientId, List<String> scopes) implements ConsentChange {
        public Granted {
            scopes = List.copyOf(scopes);
        }

        @Override
        public String type() {
            return "oid.consent.granted";
        }

        @Override
        public EventData data() {
            return EventData.of().id("tenant_id", tenantId).id("user_id", userId).text("client_id", clientId).texts("scopes", scopes);
        }
    }

    /**
     * {@code oid.consent.revoked}: the consent is gone, and with it the client's refresh tokens of the user.
     *
     * @param by the user (on their applications page) or an administrator: the same who as a factor's change says
     */
    record Revoked(UUID tenantId, UUID userId, String clientId, int refreshTokensRevoked, FactorChange.Actor by)
            implements ConsentChange {
        @Override
        public String type() {
            return "oid.consent.revoked";
        }

        @Override
        public EventData data() {
            return EventData.of().id("tenant_id", tenantId).id("user_id", userId).text("client_id", clientId)
                    .count("refresh_tokens_revoked", refreshTokensRevoked).and(by.data());
        }
    }
}
