package com.orbusdigital.oid.token;

import com.orbusdigital.oid.client.Client;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.event.ClientChange;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.event.Revocation;
import com.orbusdigital.oid.event.UserChange;
import com.orbusdigital.oid.persistence.Rows;
import com.orbusdigital.oid.persistence.Transactional;
import com.orbusdigital.oid.session.Sessions;
import com.orbusdigital.oid.session.SignInSession;
import com.orbusdigital.oid.session.backchannel.BackChannelLogouts;
import com.orbusdigital.oid.user.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

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

    private static final String CLIENT_WATERMARK = "UPDATE {schema}.clients SET tokens_revoked_before = :before WHERE id = :id";
    private static final String USER_WATERMARK = "UPDATE {schema}.users SET tokens_revoked_before = :before WHERE id = :id";
    /** A code not yet exchanged would mint tokens after the watermark (a consumed one is kept for replay detection). */
    private static final String DELETE_CLIENT_CODES = "DELETE FROM {schema}.auth_codes WHERE client_id = :id AND consumed_at IS NULL";
    private static final String DELETE_USER_CODES = "DELETE FROM {schema}.auth_codes WHERE user_id = :id AND consumed_at IS NULL";

    private Rows rows;
    private Sessions sessions;
    private BackChannelLogouts backChannel;
    private RevokedAccessTokens revoked;
    private RefreshTokens refreshTokens;
    private Event<IdentityEvent> events;
    private Clock clock;
    private Duration longestLife;

    protected AdminTokenRevocation() {
        // for the CDI proxy
    }

    @Inject
    public AdminTokenRevocation(Rows rows, RevokedAccessTokens revoked, RefreshTokens refreshTokens,
                                Event<IdentityEvent> events, Clock clock, OidConfig config, Sessions sessions,
                                BackChannelLogouts backChannel) {
        this.rows = rows;
        this.sessions = sessions;
        this.backChannel = backChannel;
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
        rows.query(CLIENT_WATERMARK).set("before", before).set("id", client.id()).update();
        int refreshRevoked = refreshTokens.revokeForClient(client.id(), now);
        rows.query(DELETE_CLIENT_CODES).set("id", client.id()).update();
        events.fire(new ClientChange.TokensRevoked(client.tenant().id(), client.clientId(), before, refreshRevoked));
    }

    /** Revokes every access and refresh token of the user, their unexchanged codes, and ends their sign-in sessions. */
    @Transactional
    public void revokeEveryTokenOf(User user) {
        Instant now = clock.instant();
        Instant before = now.truncatedTo(ChronoUnit.SECONDS);
        rows.query(USER_WATERMARK).set("before", before).set("id", user.id()).update();
        int refreshRevoked = refreshTokens.revokeForUser(user.id(), now);
        rows.query(DELETE_USER_CODES).set("id", user.id()).update();
        List<SignInSession> ended = sessions.endAllOf(user.id());
        backChannel.sessionsEnded(ended); // issue 18: their applications are told
        int sessionsEnded = ended.size();
        events.fire(new UserChange.TokensRevoked(user.tenantId(), user.id(), before, refreshRevoked, sessionsEnded));
    }
}
