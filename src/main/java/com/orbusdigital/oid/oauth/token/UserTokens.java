package com.orbusdigital.oid.oauth.token;

import com.orbusdigital.oid.protocol.Authentication;
import com.orbusdigital.oid.client.ClientSnapshot;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.event.TokenIssued;
import com.orbusdigital.oid.protocol.ClaimsRequest;
import com.orbusdigital.oid.protocol.Scope;
import com.orbusdigital.oid.token.AccessTokenClaims;
import com.orbusdigital.oid.token.AccessTokenIssuer;
import com.orbusdigital.oid.token.IdTokenClaims;
import com.orbusdigital.oid.token.IdTokens;
import com.orbusdigital.oid.token.IssuedToken;
import com.orbusdigital.oid.token.RefreshTokens;
import com.orbusdigital.oid.user.TokenSubject;
import com.orbusdigital.oid.user.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The tokens of a signed-in user, for the authorization code and refresh token grants: an access
 * token (as machine-to-machine ones, with the user's id as {@code sub} and the user's roles), an
 * ID token when {@code openid} was granted, and a refresh token when the grant continues or starts
 * a family.
 */
@ApplicationScoped
public class UserTokens {

    /**
     * Who signed in, for which client, with what.
     *
     * @param sessionId the browser sign-in session the tokens descend from
     * @param claims    the sign-in's claims request (OIDC Core §5.5), kept by the refresh token family
     */
    public record Grant(UUID userId, ClientSnapshot client, Scope scope, Authentication signIn, Optional<String> nonce,
                        Optional<UUID> sessionId, ClaimsRequest claims) {}

    /**
     * The refresh token family the new refresh token joins.
     *
     * @param scope        the scope of the family — a refresh may ask for less, the family keeps all (RFC 6749 §6)
     * @param authCodeHash the code a new family descends from
     */
    public record Family(UUID id, Instant expiresAt, Scope scope, boolean offline, Optional<byte[]> authCodeHash) {}

    /** The response, and the access token's facts for the caller's records and {@link #announce}. */
    public record Issued(TokenResponse response, IssuedToken accessToken) {}

    private UserRepository users;
    private AccessTokenIssuer accessTokens;
    private IdTokens idTokens;
    private RefreshTokens refreshTokens;
    private Event<TokenIssued> announced;
    private Clock clock;
    private Duration refreshIdle;

    protected UserTokens() {
        // for the CDI proxy
    }

    @Inject
    public UserTokens(UserRepository users, AccessTokenIssuer accessTokens, IdTokens idTokens,
                      RefreshTokens refreshTokens, Event<TokenIssued> announced, Clock clock, OidConfig config) {
        this.users = users;
        this.accessTokens = accessTokens;
        this.idTokens = idTokens;
        this.refreshTokens = refreshTokens;
        this.announced = announced;
        this.clock = clock;
        this.refreshIdle = config.signIn().refreshIdle();
    }

    /**
     * Issues the tokens, in the caller's transaction; empty when the user may no longer have any
     * (deleted, disabled, or their tenant disabled), which the grant answers with invalid_grant.
     */
    public Optional<Issued> issue(Grant grant, Optional<Family> family) {
        return users.findTokenSubject(grant.client().tenantId(), grant.userId()).map(user -> issue(user, grant, family));
    }

    private Issued issue(TokenSubject user, Grant grant, Optional<Family> family) {
        Instant now = clock.instant();
        AccessTokenIssuer.Reserved access = accessTokens.reserve();
        // stored before the signatures, in the same transaction: a failed signature stores nothing
        String refreshToken = family.map(f -> refreshTokens.store(new RefreshTokens.New(f.id(), grant.client().tenantId(),
                grant.client().id(), user.id(), grant.sessionId(), f.authCodeHash(), f.scope(), grant.signIn(),
                earliest(now.plus(refreshIdle), f.expiresAt()), f.expiresAt(), f.offline(), access.jti(), access.expiresAt(),
                Optional.empty(), grant.claims()), now)).orElse(null);
        return signed(user, grant, access, refreshToken);
    }

    /** The identity of the next access token, for a caller that stores the refresh token itself. */
    public AccessTokenIssuer.Reserved reserveAccessToken() {
        return accessTokens.reserve();
    }

    /**
     * The response: the access token {@code reserved} and, with {@code openid}, an ID token, signed
     * for {@code user}; {@code refreshToken} (if any) is stored already.
     */
    public Issued signed(TokenSubject user, Grant grant, AccessTokenIssuer.Reserved reserved, String refreshToken) {
        IssuedToken access = accessTokens.issue(new AccessTokenClaims(
                user.id().toString(), grant.client().clientId(), grant.client().tenantId(), grant.scope(), user.roles(), grant.claims(),
                Optional.of(grant.signIn())),
                reserved);
        String idToken = grant.scope().contains("openid") ? idToken(grant, user, access) : null;
        TokenResponse response = new TokenResponse(access.value(), "Bearer", access.expiresInSeconds(),
                grant.scope().isEmpty() ? null : grant.scope().toString(), refreshToken, idToken);
        return new Issued(response, access);
    }

    /** Publishes the issuance; called once the tokens are committed and about to be handed out. */
    public void announce(Grant grant, Issued issued, String grantType) {
        IssuedToken access = issued.accessToken();
        announced.fire(new TokenIssued(grant.client().tenantId(), grant.client().clientId(), Optional.of(grant.userId()),
                grantType, access.jti(), access.issuedAt(), access.expiresAt()));
    }

    private String idToken(Grant grant, TokenSubject user, IssuedToken access) {
        IdTokenClaims.Person person = new IdTokenClaims.Person(user.id(), user.username(), user.name(), user.email(),
                user.emailVerified(), user.updatedAt(), user.claims());
        return idTokens.sign(IdTokenClaims.of(new IdTokenClaims.Request(idTokens.issuer(), person,
                grant.client().tenantId(), grant.client().clientId(), grant.claims().idToken(), access.issuedAt(), idTokens.ttl(),
                grant.signIn(), grant.nonce(), access.value(), grant.sessionId())));
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
