package com.orbusdigital.oid.oauth.token;

import com.orbusdigital.oid.client.ClientSnapshot;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.crypto.RandomValues;
import com.orbusdigital.oid.protocol.Scope;
import com.orbusdigital.oid.protocol.OAuthError;
import com.orbusdigital.oid.protocol.OAuthException;
import com.orbusdigital.oid.token.AccessTokenIssuer;
import com.orbusdigital.oid.token.RefreshTokens.Rotation;
import com.orbusdigital.oid.token.RefreshTokens;
import jakarta.enterprise.context.ApplicationScoped;
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
 * that race two refreshes. The rules are {@link RefreshTokens#judge}'s; a valid token is retired and
 * replaced by one statement committed on its own (the common case, one round trip), which also
 * settles a refusal; a retired token or a race is decided in one transaction with the row locked
 * ({@link CarefulRotation}). The tokens are signed once the rotation is committed.
 */
@ApplicationScoped
public class RefreshTokenGrant implements GrantHandler {

    public static final String GRANT_TYPE = "refresh_token";

    private RefreshTokens refreshTokens;
    private CarefulRotation carefully;
    private UserTokens tokens;
    private Clock clock;
    private Duration refreshIdle;

    protected RefreshTokenGrant() {
        // for the CDI proxy
    }

    @Inject
    public RefreshTokenGrant(RefreshTokens refreshTokens, CarefulRotation carefully, UserTokens tokens, Clock clock,
                             OidConfig config) {
        this.refreshTokens = refreshTokens;
        this.carefully = carefully;
        this.tokens = tokens;
        this.clock = clock;
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
            throw OAuthException.of(OAuthError.INVALID_GRANT, RefreshTokens.INVALID);
        }
        Instant now = clock.instant();
        AccessTokenIssuer.Reserved access = tokens.reserveAccessToken();
        String next = RandomValues.base64url(32);
        RefreshTokens.Refresh refresh = new RefreshTokens.Refresh(value, client.id(), asked, next, now.plus(refreshIdle),
                access.jti(), access.expiresAt(), now);
        Rotation outcome = refreshTokens.rotateAtOnce(refresh).orElseGet(() -> carefully.rotate(refresh, client));
        if (outcome instanceof Rotation.Refused refused) {
            throw OAuthException.of(refused.error(), refused.description());
        }
        if (outcome instanceof Rotation.ReuseDetected) {
            throw OAuthException.of(OAuthError.INVALID_GRANT, RefreshTokens.INVALID);
        }
        Rotation.Rotated rotated = (Rotation.Rotated) outcome;
        RefreshTokens.Stored token = rotated.token();
        UserTokens.Grant grant = new UserTokens.Grant(token.userId(), client, rotated.scope(), token.signIn(), Optional.empty(),
                token.sessionId(), token.claims());
        UserTokens.Issued issued = tokens.signed(rotated.subject(), grant, access, next);
        tokens.announce(grant, issued, GRANT_TYPE);
        return issued.response();
    }
}
