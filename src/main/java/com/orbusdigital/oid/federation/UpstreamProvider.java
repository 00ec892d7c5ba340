package com.orbusdigital.oid.federation;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A tenant's own OpenID provider as the relying-party side reads it (table identity_providers,
 * V23: each column's meaning is there). {@code updatedAt} and {@code version} tell a cached copy of
 * its metadata that the administrator changed it.
 */
public record UpstreamProvider(UUID id, UUID tenantId, String alias, String displayName, boolean enabled, String issuer,
                               boolean discovery, Optional<URI> authorizationEndpoint, Optional<URI> tokenEndpoint,
                               Optional<URI> userinfoEndpoint, Optional<URI> jwksUri, String clientId, ClientAuth clientAuth,
                               Optional<byte[]> sealedSecret, List<String> scopes, String usernameClaim, String emailClaim,
                               String nameClaim, Optional<String> rolesClaim, Map<String, List<String>> roleMappings,
                               boolean createUsers, boolean linkByEmail, boolean required, boolean trustMfa, long version,
                               Instant updatedAt) {

    /** How OID authenticates to the provider's token endpoint. */
    public enum ClientAuth {
        CLIENT_SECRET_BASIC("client_secret_basic"), CLIENT_SECRET_POST("client_secret_post"), PRIVATE_KEY_JWT("private_key_jwt"),
        NONE("none");

        private final String value;

        ClientAuth(String value) {
            this.value = value;
        }

        public static ClientAuth of(String value) {
            for (ClientAuth auth : values()) {
                if (auth.value.equals(value)) {
                    return auth;
                }
            }
            throw new IllegalArgumentException("unknown client_auth " + value);
        }
    }

    public UpstreamProvider {
        scopes = List.copyOf(scopes);
        roleMappings = Map.copyOf(roleMappings);
    }

    /** Never the sealed secret: a provider may be logged. */
    @Override
    public String toString() {
        return "UpstreamProvider[" + id + " " + alias + " of " + tenantId + ", " + issuer + "]";
    }
}
