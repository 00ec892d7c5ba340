package com.orbusdigital.oid.oauth.revocation;

import com.orbusdigital.oid.client.ClientSnapshot;
import com.orbusdigital.oid.event.TokenRevoked;
import com.orbusdigital.oid.token.AccessTokenVerifier;
import com.orbusdigital.oid.token.RevokedAccessTokens;
import com.orbusdigital.oid.token.VerifiedAccessToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * RFC 7009 §2.1: a client revokes a token issued to it. Every outcome the client may not learn
 * about — not a token of ours, expired, already revoked, issued to another client or tenant — is
 * the same silent no-op, so the endpoint's answer never tells one from another.
 * <p>
 * Access tokens are JWTs and refresh tokens opaque values, so the token's shape says which it is
 * and {@code token_type_hint} is not needed. Revoking a refresh token revokes its whole family —
 * the grant — with every access token issued from it (RFC 7009 §2.1: "SHOULD").
 */
@ApplicationScoped
public class TokenRevocation {

    private AccessTokenVerifier verifier;
    private RevokedAccessTokens revoked;
    private Event<TokenRevoked> announced;
    private Clock clock;
    private RefreshTokenRevocation refreshTokens;

    protected TokenRevocation() {
        // for the CDI proxy
    }

    @Inject
    public TokenRevocation(AccessTokenVerifier verifier, RevokedAccessTokens revoked, Event<TokenRevoked> announced, Clock clock,
                           RefreshTokenRevocation refreshTokens) {
        this.refreshTokens = refreshTokens;
        this.verifier = verifier;
        this.revoked = revoked;
        this.announced = announced;
        this.clock = clock;
    }

    /** Revokes {@code token} if it is a current access token issued to {@code client}; otherwise does nothing. */
    public void revoke(String token, Optional<String> hint, ClientSnapshot client) {
        if (!token.contains(".")) {
            if (token.length() <= 256) {
                refreshTokens.revoke(token, client);
            }
            return;
        }
        Optional<VerifiedAccessToken> verified = verifier.verify(token);
        if (verified.isEmpty() || !issuedTo(verified.get(), client)) {
            return;
        }
        VerifiedAccessToken access = verified.get();
        Instant now = clock.instant();
        if (revoked.revoke(access, now)) {
            // after the commit, never with the token's value
            announced.fire(new TokenRevoked(access.tenantId(), access.clientId(), access.jti(), now, access.expiresAt()));
        }
    }

    /** Both checked: client_ids are unique, but a token must never cross tenants even if that changed. */
    private static boolean issuedTo(VerifiedAccessToken token, ClientSnapshot client) {
        return token.tenantId().equals(client.tenantId()) && token.clientId().equals(client.clientId());
    }
}
