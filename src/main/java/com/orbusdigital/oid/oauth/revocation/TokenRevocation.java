package com.orbusdigital.oid.oauth.revocation;

import com.orbusdigital.oid.client.Client;
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
 * Only access tokens exist so far. Refresh tokens (with the code flow) will be looked up first
 * when the hint says {@code refresh_token}, and revoking one will also revoke the access tokens
 * issued from it (RFC 7009 §2.1 allows it); the hint only orders the lookups, never limits them.
 */
@ApplicationScoped
public class TokenRevocation {

    private AccessTokenVerifier verifier;
    private RevokedAccessTokens revoked;
    private Event<TokenRevoked> announced;
    private Clock clock;

    protected TokenRevocation() {
        // for the CDI proxy
    }

    @Inject
    public TokenRevocation(AccessTokenVerifier verifier, RevokedAccessTokens revoked, Event<TokenRevoked> announced, Clock clock) {
        this.verifier = verifier;
        this.revoked = revoked;
        this.announced = announced;
        this.clock = clock;
    }

    /** Revokes {@code token} if it is a current access token issued to {@code client}; otherwise does nothing. */
    public void revoke(String token, Optional<String> hint, Client client) {
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
    private static boolean issuedTo(VerifiedAccessToken token, Client client) {
        return token.tenantId().equals(client.tenant().id()) && token.clientId().equals(client.clientId());
    }
}
