package com.orbusdigital.oid.token;

import com.orbusdigital.oid.client.ClientCache;
import com.orbusdigital.oid.client.ClientSnapshot;
import com.orbusdigital.oid.user.UserCache;
import com.orbusdigital.oid.user.UserSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The one rule of every verification of an access token (admin API, introspection, revocation,
 * userinfo): a token counts only while its client exists and is enabled, its tenant is enabled and,
 * for a user's token, its user exists and is enabled — and while neither the client's nor the user's
 * "every token issued at or before this second is revoked" covers its {@code iat}, and while it was
 * issued no earlier than its client was registered (a client_id deleted and registered again does
 * not bring the deleted client's tokens back). Read from the
 * snapshots in memory ({@link ClientCache}, {@link UserCache}): no database round trip when nothing
 * changed, and a change in force as soon as those caches hear of it.
 */
@ApplicationScoped
public class TokenHolders {

    private ClientCache clients;
    private UserCache users;

    protected TokenHolders() {
        // for the CDI proxy
    }

    @Inject
    public TokenHolders(ClientCache clients, UserCache users) {
        this.clients = clients;
        this.users = users;
    }

    /** Why a token no longer counts, for the callers that say so (userinfo). */
    public enum Refusal {
        /** its client is gone or disabled, in a disabled tenant, or the token crosses tenants */
        CLIENT,
        /** its user is gone or disabled */
        USER,
        /** an oid-admin revoked every token of its client or user issued until then */
        REVOKED,
        /** not a token of a client or a user */
        MALFORMED
    }

    /** The token's holder as it is now, or why there is none. */
    public record Holding(Optional<TokenHolder> holder, Optional<Refusal> refusal) {

        static Holding held(TokenHolder holder) {
            return new Holding(Optional.of(holder), Optional.empty());
        }

        static Holding refused(Refusal refusal) {
            return new Holding(Optional.empty(), Optional.of(refusal));
        }
    }

    /** The token's holder as it is now; refused when the token no longer counts. */
    public Holding current(String subject, String clientId, UUID tenantId, Instant issuedAt) {
        return holder(subject, clientId, tenantId, issuedAt, clients::find, users::find);
    }

    /**
     * The rule itself. A machine token's subject is its client_id; a user's token names the user's id.
     * Tenants are compared too: a token never crosses tenants, whatever happened to the ids meanwhile.
     */
    static Holding holder(String subject, String clientId, UUID tenantId, Instant issuedAt,
                          Function<String, Optional<ClientSnapshot>> clients,
                          Function<UUID, Optional<UserSnapshot>> users) {
        if (clientId == null) {
            return Holding.refused(Refusal.MALFORMED);
        }
        Optional<ClientSnapshot> client = clients.apply(clientId)
                .filter(found -> found.tenantId().equals(tenantId) && found.enabled() && found.tenantEnabled());
        if (client.isEmpty()) {
            return Holding.refused(Refusal.CLIENT);
        }
        if (revoked(client.get().tokensRevokedBefore(), issuedAt)) {
            return Holding.refused(Refusal.REVOKED);
        }
        if (issuedAt.getEpochSecond() < client.get().createdAt().getEpochSecond()) {
            return Holding.refused(Refusal.CLIENT); // a token of an earlier client of this client_id
        }
        if (subject.equals(clientId)) {
            return Holding.held(new TokenHolder(client.get(), Optional.empty()));
        }
        Optional<UUID> userId = userId(subject);
        if (userId.isEmpty()) {
            return Holding.refused(Refusal.MALFORMED);
        }
        Optional<UserSnapshot> user = users.apply(userId.get()).filter(found -> found.tenantId().equals(tenantId) && found.enabled());
        if (user.isEmpty()) {
            return Holding.refused(Refusal.USER);
        }
        if (revoked(user.get().tokensRevokedBefore(), issuedAt)) {
            return Holding.refused(Refusal.REVOKED);
        }
        return Holding.held(new TokenHolder(client.get(), user));
    }

    /** iat has whole seconds: a token issued in the very second of the revocation is revoked too. */
    private static boolean revoked(Optional<Instant> revokedBefore, Instant issuedAt) {
        return revokedBefore.map(before -> issuedAt.getEpochSecond() <= before.getEpochSecond()).orElse(false);
    }

    private static Optional<UUID> userId(String subject) {
        try {
            return Optional.of(UUID.fromString(subject));
        } catch (IllegalArgumentException notAUser) {
            return Optional.empty();
        }
    }
}
