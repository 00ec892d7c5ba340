package com.orbusdigital.oid.token;

import com.orbusdigital.oid.client.Client;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.event.ClientChange;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.event.Revocation;
import com.orbusdigital.oid.event.UserChange;
import com.orbusdigital.oid.persistence.Transactional;
import com.orbusdigital.oid.user.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * What an oid-admin revokes, tokens OID issued to anyone — whose client may be gone, so RFC 7009's
 * "only the issuing client" cannot help: one access token by its jti, or every token of a client or
 * of a user. "Every token" is a watermark, {@code tokens_revoked_before}: access tokens are
 * self-contained JWTs nobody keeps a list of, so each verification compares its {@code iat} with the
 * client's and user's watermark in their snapshots ({@link TokenHolders}). Refresh tokens are
 * revoked as rows, unexchanged codes deleted, and a user's sign-in sessions ended, or they would
 * mint new tokens at once. Each is one transaction with its event.
 */
@ApplicationScoped
public class AdminTokenRevocation {

    /** The verifier's allowed clock skew: a token is accepted this long past its exp. */
    private static final Duration SKEW = Duration.ofSeconds(30);

    private EntityManager entityManager;
    private RevokedAccessTokens revoked;
    private RefreshTokens refreshTokens;
    private Event<IdentityEvent> events;
    private Clock clock;
    private Duration longestLife;

    protected AdminTokenRevocation() {
        // for the CDI proxy
    }

    @Inject
    public AdminTokenRevocation(EntityManager entityManager, RevokedAccessTokens revoked, RefreshTokens refreshTokens,
                                Event<IdentityEvent> events, Clock clock, OidConfig config) {
        this.entityManager = entityManager;
        this.revoked = revoked;
        this.refreshTokens = refreshTokens;
        this.events = events;
        this.clock = clock;
        this.longestLife = config.accessTokenTtl().plus(SKEW);
    }

    /**
     * Revokes the access token with this jti, whoever holds it. Its expiry is not known, so the jti
     * is remembered as long as any access token issued now could live. Revoking it again changes
     * nothing and publishes nothing.
     */
    @Transactional
    public void revokeAccessToken(String jti) {
        Instant now = clock.instant();
        Instant until = now.plus(longestLife);
        if (revoked.revoke(jti, now, until)) {
            events.fire(new Revocation.AccessTokenRevoked(jti, until));
        }
    }

    /** Revokes every access and refresh token issued to the client so far, and its unexchanged codes. */
    @Transactional
    public void revokeEveryTokenOf(Client client) {
        Instant now = clock.instant();
        Instant before = now.truncatedTo(ChronoUnit.SECONDS);
        setWatermark("clients", client.id(), before);
        int refreshRevoked = refreshTokens.revokeForClient(client.id(), now);
        deleteUnexchangedCodes("client_id", client.id());
        events.fire(new ClientChange.TokensRevoked(client.tenant().id(), client.clientId(), before, refreshRevoked));
    }

    /** Revokes every access and refresh token of the user, their unexchanged codes, and ends their sign-in sessions. */
    @Transactional
    public void revokeEveryTokenOf(User user) {
        Instant now = clock.instant();
        Instant before = now.truncatedTo(ChronoUnit.SECONDS);
        setWatermark("users", user.id(), before);
        int refreshRevoked = refreshTokens.revokeForUser(user.id(), now);
        deleteUnexchangedCodes("user_id", user.id());
        int sessionsEnded = entityManager.createNativeQuery("DELETE FROM {h-schema}sessions WHERE user_id = ?1")
                .setParameter(1, user.id())
                .executeUpdate();
        events.fire(new UserChange.TokensRevoked(user.tenantId(), user.id(), before, refreshRevoked, sessionsEnded));
    }

    /** @param table {@code clients} or {@code users}: a constant, never input */
    private void setWatermark(String table, UUID id, Instant before) {
        entityManager.createNativeQuery("UPDATE {h-schema}" + table + " SET tokens_revoked_before = ?1 WHERE id = ?2")
                .setParameter(1, before)
                .setParameter(2, id)
                .executeUpdate();
    }

    /** A code not yet exchanged would mint tokens after the watermark: it goes too (a consumed one is kept for replay detection). */
    private void deleteUnexchangedCodes(String column, UUID id) {
        entityManager.createNativeQuery("DELETE FROM {h-schema}auth_codes WHERE " + column + " = ?1 AND consumed_at IS NULL")
                .setParameter(1, id)
                .executeUpdate();
    }
}
