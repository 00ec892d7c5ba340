package com.orbusdigital.oid.session.backchannel;

import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.crypto.RandomValues;
import com.orbusdigital.oid.key.SigningKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

/**
 * Logout tokens (Back-Channel Logout 1.0 §2.4): RS256 with the active signing key, header
 * {@code typ: logout+jwt} (§2.4's recommendation, so an ID token can never pass for one), and
 * {@code iss} (as ID tokens say it), {@code aud} (the client), {@code iat}, {@code exp} (two minutes
 * later), a random {@code jti}, the back-channel logout {@code events} member, {@code sub} (the ID
 * tokens' subject: the user's id) and {@code sid} (the ID tokens' sid: the session's id) — and no
 * {@code nonce} (§2.4 forbids it). Signed at send time, never stored.
 */
@ApplicationScoped
public class LogoutTokens {

    public static final String TYPE = "logout+jwt";
    public static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";
    /** Long enough for the request to arrive; a retry signs a new token. */
    static final Duration LIFETIME = Duration.ofMinutes(2);

    /** One logout token to sign: whom, which session, for which client. */
    public record Logout(String clientId, UUID userId, UUID sessionId) {}

    private SigningKeys keys;
    private String issuer;

    protected LogoutTokens() {
        // for the CDI proxy
    }

    @Inject
    public LogoutTokens(SigningKeys keys, OidConfig config) {
        this(keys, config.issuer().value());
    }

    /** {@code issuer}: as ID tokens say it. */
    LogoutTokens(SigningKeys keys, String issuer) {
        this.keys = keys;
        this.issuer = issuer;
    }

    public String sign(Logout logout, Instant now) {
        return keys.ring().active().sign(TYPE, claims(issuer, logout, now, RandomValues.base64url(16)).toJson());
    }

    static JwtClaims claims(String issuer, Logout logout, Instant now, String jti) {
        long issuedAt = now.getEpochSecond();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject(logout.userId().toString());
        claims.setAudience(logout.clientId());
        claims.setIssuedAt(NumericDate.fromSeconds(issuedAt));
        claims.setExpirationTime(NumericDate.fromSeconds(issuedAt + LIFETIME.toSeconds()));
        claims.setJwtId(jti);
        claims.setClaim("events", Map.of(EVENT, Map.of()));
        claims.setClaim("sid", logout.sessionId().toString());
        return claims;
    }
}
