package com.orbusdigital.oid.client;

import com.orbusdigital.oid.role.Role;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What client authentication, the token, introspection and revocation endpoints and the admin API
 * read of a client, its tenant and its roles, copied out of the entities: immutable, so
 * {@link ClientCache} can hand the same one to every request without a database round trip.
 *
 * @param id                   the row id (refresh tokens and codes are bound to it)
 * @param clientId             the OAuth {@code client_id}
 * @param platformTenant       whether the client's tenant is {@code platform}, where oid-admin means something
 * @param roles                the names of the client's roles, sorted
 * @param tokensRevokedBefore  tokens issued to the client at or before this second are revoked
 * @param createdAt            when this client was registered: a token issued before it belonged to an
 *                             earlier client of the same client_id, deleted since
 * @param firstParty           whether its users are never asked for consent (issue 17)
 */
public record ClientSnapshot(UUID id, String clientId, UUID tenantId, boolean tenantEnabled, boolean platformTenant,
                             ClientType type, boolean enabled, Optional<String> secretHash, Set<String> grantTypes,
                             List<String> scopes, List<String> roles, boolean requirePkce, boolean requireOfflineAccess,
                             Optional<Instant> tokensRevokedBefore, Instant createdAt, boolean firstParty) {

    public ClientSnapshot {
        grantTypes = Set.copyOf(grantTypes);
        scopes = List.copyOf(scopes);
        roles = List.copyOf(roles);
    }

    /** A first-party client, as the column's default makes every client that says nothing of consent. */
    public ClientSnapshot(UUID id, String clientId, UUID tenantId, boolean tenantEnabled, boolean platformTenant, ClientType type,
                          boolean enabled, Optional<String> secretHash, Set<String> grantTypes, List<String> scopes, List<String> roles,
                          boolean requirePkce, boolean requireOfflineAccess, Optional<Instant> tokensRevokedBefore, Instant createdAt) {
        this(id, clientId, tenantId, tenantEnabled, platformTenant, type, enabled, secretHash, grantTypes, scopes, roles, requirePkce,
                requireOfflineAccess, tokensRevokedBefore, createdAt, true);
    }

    /** Reads the client, its tenant and its roles: call it where they are loaded (one query, {@link ClientRepository#findAll}). */
    public static ClientSnapshot of(Client client) {
        return new ClientSnapshot(client.id(), client.clientId(), client.tenant().id(), client.tenant().enabled(),
                client.tenant().isPlatform(), client.type(), client.enabled(), client.secretHash(), Set.copyOf(client.grantTypes()),
                client.scopes(), client.roles().stream().map(Role::name).sorted().toList(), client.requirePkce(),
                client.requireOfflineAccess(), client.tokensRevokedBefore(), client.createdAt(), client.firstParty());
    }

    public boolean allowsGrant(String grantType) {
        return grantTypes.contains(grantType);
    }

    /** Without the secret hash: a snapshot may end up in a log line. */
    @Override
    public String toString() {
        return "ClientSnapshot[clientId=" + clientId + ", tenantId=" + tenantId + ", type=" + type + ", enabled=" + enabled + "]";
    }
}
