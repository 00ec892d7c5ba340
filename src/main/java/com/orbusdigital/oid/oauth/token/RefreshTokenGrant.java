package com.orbusdigital.oid.oauth.token;

import com.orbusdigital.oid.client.ClientSnapshot;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.crypto.RandomValues;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.event.Revocation;
import com.orbusdigital.oid.persistence.UnitOfWork;
import com.orbusdigital.oid.protocol.OAuthError;
import com.orbusdigital.oid.protocol.OAuthException;
import com.orbusdigital.oid.protocol.Scope;
import com.orbusdigital.oid.token.AccessTokenIssuer;
import com.orbusdigital.oid.token.RefreshTokens;
import com.orbusdigital.oid.user.TokenSubject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * RFC 6749 §6 with rotation (RFC 9700 §4.14.2): every use of a refresh token answers a new one and
 * retires the old. Presenting a retired token means two parties hold the family — the client and
 * a thief — so the whole family and its access tokens are revoked and the event is published.
 * OID_REFRESH_REUSE_GRACE_SECS lets a just-retired token work a few seconds longer, for clients
 * that race two refreshes. Two concurrent uses of one token take turns on its row, and the second
 * sees the first's rotation: a valid token is retired and replaced by one statement (the common
 * case, one round trip), anything else is decided with the row locked for the whole exchange.
 */
@ApplicationScoped
public class RefreshTokenGrant implements GrantHandler {

    public static final String GRANT_TYPE = "refresh_token";
    private static final String INVALID = "the refresh token is invalid, expired or revoked";

    private RefreshTokens refreshTokens;
    private UserTokens tokens;
    private UnitOfWork unitOfWork;
    private Event<IdentityEvent> events;
    private Clock clock;
    private Duration reuseGrace;
    private Duration refreshIdle;

    protected RefreshTokenGrant() {
        // for the CDI proxy
    }

    @Inject
    public RefreshTokenGrant(RefreshTokens refreshTokens, UserTokens tokens, UnitOfWork unitOfWork,
                             Event<IdentityEvent> events, Clock clock, OidConfig config) {
        this.refreshTokens = refreshTokens;
        this.tokens = tokens;
        this.unitOfWork = unitOfWork;
        this.events = events;
        this.clock = clock;
        this.reuseGrace = config.signIn().refreshReuseGrace();
        this.refreshIdle = config.signIn().refreshIdle();
    }

    @Override
    public String grantType() {
        return GRANT_TYPE;
    }

    @Override
    public TokenResponse handle(TokenRequest request, ClientSnapshot client) {
        String value = request.parameters().required("refresh_token");
        Optional<Scope> asked = request.parameters().optional("scope").map(Scope::parse);
        if (value.length() > 256) {
            throw OAuthException.of(OAuthError.INVALID_GRANT, INVALID);
        }
        Rotated rotated = rotateAtOnce(value, asked, client).orElseGet(() -> {
            // anything else, looked at closely; committed whatever the outcome, so a detected reuse
            // stays revoked although the request fails
            Object outcome = unitOfWork.call(() -> rotate(value, asked, client));
            if (outcome instanceof OAuthException refused) {
                throw refused;
            }
            return (Rotated) outcome;
        });
        tokens.announce(rotated.grant(), rotated.issued(), GRANT_TYPE);
        return rotated.issued().response();
    }

    private record Rotated(UserTokens.Grant grant, UserTokens.Issued issued) {}

    /**
     * The common case, a valid token of an active user, in one database round trip: rotated and
     * replaced by one statement, committed before the tokens are signed. Empty for anything else
     * (nothing changed then), which {@link #rotate} decides.
     */
    private Optional<Rotated> rotateAtOnce(String value, Optional<Scope> asked, ClientSnapshot client) {
        Instant now = clock.instant();
        AccessTokenIssuer.Reserved access = tokens.reserveAccessToken();
        String next = RandomValues.base64url(32);
        return refreshTokens.rotateAtOnce(value, client.id(), asked, next, now.plus(refreshIdle), access.jti(), access.expiresAt(), now)
                .map(rotated -> {
                    RefreshTokens.Stored token = rotated.token();
                    UserTokens.Grant grant = new UserTokens.Grant(token.userId(), client, asked.orElse(token.scope()),
                            token.authTime(), Optional.empty(), token.sessionId(), token.claims());
                    return new Rotated(grant, tokens.signed(rotated.subject().orElseThrow(), grant, access, next));
                });
    }

    /** Rotated, or the OAuthException to answer with (returned, not thrown: the transaction must commit). */
    private Object rotate(String value, Optional<Scope> asked, ClientSnapshot client) {
        Optional<RefreshTokens.ToRotate> found = refreshTokens.findForRotation(value)
                .filter(locked -> locked.token().clientId().equals(client.id()));
        if (found.isEmpty() || found.get().token().revokedAt().isPresent()) {
            return OAuthException.of(OAuthError.INVALID_GRANT, INVALID);
        }
        RefreshTokens.Stored token = found.get().token();
        Instant now = clock.instant();
        if (token.rotatedAt().filter(rotated -> !now.isBefore(rotated.plus(reuseGrace))).isPresent()) {
            reuseDetected(token, client, now);
            return OAuthException.of(OAuthError.INVALID_GRANT, INVALID);
        }
        if (!now.isBefore(token.expiresAt())) {
            return OAuthException.of(OAuthError.INVALID_GRANT, INVALID);
        }
        Scope scope = asked.orElse(token.scope());
        for (String wanted : scope.values()) {
            if (!token.scope().contains(wanted)) {
                return OAuthException.of(OAuthError.INVALID_SCOPE, "scope '" + wanted + "' was not granted to this refresh token");
            }
        }
        Optional<TokenSubject> user = found.get().subject();
        if (user.isEmpty()) {
            return OAuthException.of(OAuthError.INVALID_GRANT, "the user can no longer sign in");
        }
        UserTokens.Grant grant = new UserTokens.Grant(token.userId(), client, scope, token.authTime(), Optional.empty(),
                token.sessionId(), token.claims());
        UserTokens.Issued issued = tokens.issue(user.get(), grant,
                Optional.of(new UserTokens.Family(token.familyId(), token.familyExpiresAt(), token.scope(), token.offline(),
                        Optional.empty(), Optional.of(token.id()))));
        return new Rotated(grant, issued);
    }

    private void reuseDetected(RefreshTokens.Stored token, ClientSnapshot client, Instant now) {
        int revoked = refreshTokens.revokeFamily(token.familyId(), now);
        events.fire(new Revocation.RefreshReuseDetected(token.tenantId(), token.userId(), client.clientId(), token.familyId(), revoked));
    }
}
