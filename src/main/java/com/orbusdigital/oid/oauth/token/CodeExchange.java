package com.orbusdigital.oid.oauth.token;

import com.orbusdigital.oid.client.ClientSnapshot;
import com.orbusdigital.oid.client.ClientType;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.event.Revocation;
import com.orbusdigital.oid.oauth.code.AuthorizationCodes;
import com.orbusdigital.oid.oauth.code.Pkce;
import com.orbusdigital.oid.protocol.OAuthError;
import com.orbusdigital.oid.protocol.OAuthException;
import com.orbusdigital.oid.persistence.Transactional;
import com.orbusdigital.oid.session.Sessions;
import com.orbusdigital.oid.token.RefreshTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The code exchange's work, for {@link AuthorizationCodeGrant}: one transaction holding the code's
 * row lock from the statement that consumes it to the commit, which stores the tokens issued. Of
 * simultaneous redemptions one gets the tokens and the others, waiting for the lock, then find a
 * used code and are replays, which revoke what it issued (RFC 6749 §4.1.2). A code that fails a
 * check is consumed all the same (the transaction commits), so it cannot be tried again.
 * <p>
 * Round trips: the consuming UPDATE (BEGIN rides with it), the session check, the user and roles,
 * the refresh token's INSERT, the access token's record, and one COMMIT.
 */
@ApplicationScoped
public class CodeExchange {

    static final String INVALID = "the authorization code is invalid, expired or was already used";

    private AuthorizationCodes codes;
    private UserTokens tokens;
    private RefreshTokens refreshTokens;
    private Sessions sessions;
    private Event<IdentityEvent> events;
    private Clock clock;
    private Duration refreshMax;
    private boolean requirePkce;

    protected CodeExchange() {
        // for the CDI proxy
    }

    @Inject
    public CodeExchange(AuthorizationCodes codes, UserTokens tokens, RefreshTokens refreshTokens, Sessions sessions,
                        Event<IdentityEvent> events, Clock clock, OidConfig config) {
        this.codes = codes;
        this.tokens = tokens;
        this.refreshTokens = refreshTokens;
        this.sessions = sessions;
        this.events = events;
        this.clock = clock;
        this.refreshMax = config.signIn().refreshMax();
        this.requirePkce = config.signIn().requirePkce();
    }

    /** What presenting a code came to. */
    public sealed interface Exchange {

        /** The code was good: these tokens were issued for it. */
        record Exchanged(UserTokens.Grant grant, UserTokens.Issued issued) implements Exchange {}

        /**
         * Refused with this error. The code is consumed all the same, and a replayed one has revoked
         * what it issued: committed, not rolled back.
         */
        record Refused(OAuthException error) implements Exchange {}
    }

    /** The whole exchange, one transaction: committed whatever the outcome, keeping a refused code consumed and a replay's revocations. */
    @Transactional
    public Exchange exchange(String code, Optional<String> verifier, Optional<String> redirectUri, ClientSnapshot client) {
        AuthorizationCodes.Redemption redemption = codes.redeem(code);
        if (redemption instanceof AuthorizationCodes.Redemption.Replayed replayed) {
            revokeIssuedFrom(replayed.code(), client);
            return refused(OAuthError.INVALID_GRANT, INVALID);
        }
        if (!(redemption instanceof AuthorizationCodes.Redemption.First first)) {
            return refused(OAuthError.INVALID_GRANT, INVALID);
        }
        AuthorizationCodes.Bound bound = first.code();
        Instant now = clock.instant();
        try {
            check(bound, verifier, redirectUri, client, now);
        } catch (OAuthException refused) {
            return new Exchange.Refused(refused);
        }
        Optional<UserTokens.Family> family = refreshFamily(client, bound, now);
        UserTokens.Grant grant = new UserTokens.Grant(bound.userId(), client, bound.scope(), bound.signIn(), bound.nonce(),
                bound.sessionId(), bound.claims());
        Optional<UserTokens.Issued> issued = tokens.issue(grant, family);
        if (issued.isEmpty()) {
            return refused(OAuthError.INVALID_GRANT, "the user can no longer sign in");
        }
        codes.recordAccessToken(bound.codeHash(), issued.get().accessToken());
        return new Exchange.Exchanged(grant, issued.get());
    }

    private static Exchange refused(OAuthError error, String description) {
        return new Exchange.Refused(OAuthException.of(error, description));
    }

    private void check(AuthorizationCodes.Bound bound, Optional<String> verifier, Optional<String> redirectUri,
                       ClientSnapshot client, Instant now) {
        if (!bound.clientId().equals(client.id()) || !now.isBefore(bound.expiresAt())) {
            throw OAuthException.of(OAuthError.INVALID_GRANT, INVALID);
        }
        // RFC 6749 §4.1.3: required, and identical, when the authorization request carried it
        if (bound.redirectUriGiven() ? !redirectUri.equals(Optional.of(bound.redirectUri()))
                : redirectUri.filter(uri -> !uri.equals(bound.redirectUri())).isPresent()) {
            throw OAuthException.of(OAuthError.INVALID_GRANT, "redirect_uri does not match the authorization request");
        }
        Pkce.verify(bound.challenge(), verifier);
        // defence in depth: /authorize issues no challenge-less code to such a client, and none shall pass here
        if (bound.challenge().isEmpty() && (requirePkce || client.requirePkce() || client.type() == ClientType.PUBLIC)) {
            throw OAuthException.of(OAuthError.INVALID_GRANT, "this client must use PKCE, and the code was issued without code_challenge");
        }
        if (bound.sessionId().filter(session -> !sessions.isLive(session)).isPresent()) {
            throw OAuthException.of(OAuthError.INVALID_GRANT, "the sign-in session of this code has ended");
        }
    }

    /** A new family when the client may refresh (and asked for offline_access if it insists on that). */
    private Optional<UserTokens.Family> refreshFamily(ClientSnapshot client, AuthorizationCodes.Bound bound, Instant now) {
        boolean offline = bound.scope().contains("offline_access");
        if (!client.allowsGrant(RefreshTokenGrant.GRANT_TYPE) || client.requireOfflineAccess() && !offline) {
            return Optional.empty();
        }
        return Optional.of(new UserTokens.Family(UUID.randomUUID(), now.plus(refreshMax), bound.scope(), offline,
                Optional.of(bound.codeHash())));
    }

    /** RFC 6749 §4.1.2 and RFC 9700 §4.5: a replayed code revokes the access and refresh tokens issued from it. */
    private void revokeIssuedFrom(AuthorizationCodes.Bound code, ClientSnapshot presenter) {
        Instant now = clock.instant();
        codes.markReplayed(code.codeHash(), now);
        boolean accessTokenRevoked = codes.revokeAccessToken(code.codeHash(), now);
        int refreshTokensRevoked = refreshTokens.revokeDescendantsOf(code.codeHash(), now);
        events.fire(new Revocation.CodeReplayed(code.tenantId(), code.userId(), presenter.clientId(), accessTokenRevoked,
                refreshTokensRevoked));
    }
}
