package com.orbusdigital.oid.event;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A client registered, changed, deleted, given a new secret, or its tokens revoked; the subject is its client_id. */
public sealed interface ClientChange extends IdentityEvent {

    String clientId();

    @Override
    default String subject() {
        return clientId();
    }

    /**
     * What a consumer learns of a client as it now is: never its secret or the secret's hash.
     *
     * @param firstParty whether its users are never asked for consent (issue 17)
     */
    record Facts(UUID tenantId, String clientId, String name, String type, List<String> grantTypes, boolean enabled,
                 boolean firstParty) {

        public Facts {
            grantTypes = List.copyOf(grantTypes);
        }

        EventData data() {
            return EventData.of().id("tenant_id", tenantId).text("client_id", clientId).text("name", name).text("type", type)
                    .texts("grant_types", grantTypes).flag("enabled", enabled).flag("first_party", firstParty);
        }
    }

    /** A change that reports the client's facts as they now are. */
    sealed interface Described extends ClientChange {

        Facts client();

        @Override
        default UUID tenantId() {
            return client().tenantId();
        }

        @Override
        default String clientId() {
            return client().clientId();
        }

        @Override
        default EventData data() {
            return client().data();
        }
    }

    record Created(Facts client) implements Described {
        @Override
        public String type() {
            return "oid.client.created";
        }
    }

    record Updated(Facts client) implements Described {
        @Override
        public String type() {
            return "oid.client.updated";
        }
    }

    record Deleted(Facts client) implements Described {
        @Override
        public String type() {
            return "oid.client.deleted";
        }
    }

    /** That the secret changed, never the secret or its hash. */
    record SecretRotated(Facts client) implements Described {
        @Override
        public String type() {
            return "oid.client.secret_rotated";
        }
    }

    /** An oid-admin revoked every token issued to the client at or before {@code revokedBefore}. */
    record TokensRevoked(UUID tenantId, String clientId, Instant revokedBefore, int refreshTokensRevoked) implements ClientChange {
        @Override
        public String type() {
            return "oid.client.tokens_revoked";
        }

        @Override
        public EventData data() {
            return EventData.of().id("tenant_id", tenantId).text("client_id", clientId).time("revoked_before", revokedBefore)
                    .count("refresh_tokens_revoked", refreshTokensRevoked);
        }
    }
}
