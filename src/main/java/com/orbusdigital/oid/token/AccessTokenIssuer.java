package com.orbusdigital.oid.token;

import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.crypto.RandomValues;
import com.orbusdigital.oid.crypto.Rs256Signer;
import com.orbusdigital.oid.key.SigningKeys;
import com.orbusdigital.oid.protocol.ClaimsRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

/**
 * Builds and signs access tokens as RFC 9068 JWTs: RS256, header {@code typ: at+jwt} and
 * {@code kid}; claims iss, sub, aud, iat, exp, jti, client_id, scope, tenant_id, roles, and
 * {@value #USERINFO_CLAIMS} when the sign-in asked userinfo for claims (OIDC Core §5.5).
 */
@ApplicationScoped
public class AccessTokenIssuer {

    public static final String ACCESS_TOKEN_TYPE = "at+jwt";
    /**
     * The claims the sign-in asked userinfo for, normalised ({@link ClaimsRequest#userinfoClaim}):
     * carried by the token that userinfo reads anyway, so neither the exchange nor userinfo needs a
     * row or a round trip for them, and tokens without such a request are unchanged.
     */
    public static final String USERINFO_CLAIMS = "userinfo_claims";

    private SigningKeys keys;
    private Clock clock;
    private String issuer;
    private String audience;
    private Duration ttl;

    protected AccessTokenIssuer() {
        // for the CDI proxy
    }

    @Inject
    public AccessTokenIssuer(OidConfig config, SigningKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
        this.issuer = config.issuer().value();
        this.audience = config.audience();
        this.ttl = config.accessTokenTtl();
    }

    /**
     * What an access token will say of itself, fixed before it is signed: a refresh token rotated in
     * one statement records the access token issued beside it before the user's roles are known.
     */
    public record Reserved(String jti, Instant issuedAt, Instant expiresAt) {}

    public Reserved reserve() {
        // whole seconds: iat and exp are NumericDates, and exp - iat must be exactly the TTL
        Instant issuedAt = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        return new Reserved(RandomValues.base64url(16), issuedAt, issuedAt.plus(ttl));
    }

    public IssuedToken issue(AccessTokenClaims token) {
        return issue(token, reserve());
    }

    /** The access token with the identity and lifetime {@link #reserve} gave it. */
    public IssuedToken issue(AccessTokenClaims token, Reserved reserved) {
        Rs256Signer key = keys.ring().active();
        Instant issuedAt = reserved.issuedAt();
        Instant expiresAt = reserved.expiresAt();
        String jti = reserved.jti();

        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject(token.subject());
        claims.setAudience(audience);
        claims.setIssuedAt(NumericDate.fromSeconds(issuedAt.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(expiresAt.getEpochSecond()));
        claims.setJwtId(jti);
        claims.setClaim("client_id", token.clientId());
        if (!token.scope().isEmpty()) {
            claims.setClaim("scope", token.scope().toString());
        }
        claims.setClaim("tenant_id", token.tenantId().toString());
        claims.setStringListClaim("roles", token.roles());
        token.signIn().ifPresent(signIn -> {
            claims.setClaim("auth_time", signIn.time().getEpochSecond());
            signIn.acr().ifPresent(acr -> claims.setClaim("acr", acr));
            if (!signIn.amr().isEmpty()) {
                claims.setStringListClaim("amr", signIn.amr());
            }
        });
        if (!token.claims().userinfo().isEmpty()) {
            claims.setClaim(USERINFO_CLAIMS, token.claims().userinfoClaim());
        }

        return new IssuedToken(key.sign(ACCESS_TOKEN_TYPE, claims.toJson()), jti, issuedAt, expiresAt);
    }
}
