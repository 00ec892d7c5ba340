package com.orbusdigital.oid.token;

import com.orbusdigital.oid.oauth.Scope;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

/**
 * The claims of an ID token (OpenID Connect Core §2, §3.1.3.6, §5.4), and of userinfo, which
 * shares the scope claims. {@code sub} is the user's stable id, never the username.
 */
public final class IdTokenClaims {

    /** What OID knows of a user that a scope may reveal. */
    public record Person(UUID id, String username, Optional<String> name, Optional<String> email,
                         boolean emailVerified, Instant updatedAt) {}

    /**
     * One ID token to build.
     *
     * @param accessToken the access token issued with it, for {@code at_hash}
     * @param sessionId   the sign-in session, as {@code sid} (OIDC Front-Channel Logout §3), for logout hints
     */
    public record Request(String issuer, Person person, UUID tenantId, String clientId, Scope scope,
                          Instant issuedAt, Duration ttl, Instant authTime, Optional<String> nonce, String accessToken,
                          Optional<UUID> sessionId) {}

    private IdTokenClaims() {}

    public static JwtClaims of(Request request) {
        long issuedAt = request.issuedAt().getEpochSecond();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(request.issuer());
        claims.setSubject(request.person().id().toString());
        claims.setAudience(request.clientId());
        claims.setClaim("azp", request.clientId());
        claims.setIssuedAt(NumericDate.fromSeconds(issuedAt));
        claims.setExpirationTime(NumericDate.fromSeconds(issuedAt + request.ttl().toSeconds()));
        claims.setClaim("auth_time", request.authTime().getEpochSecond());
        request.nonce().ifPresent(nonce -> claims.setClaim("nonce", nonce));
        claims.setClaim("at_hash", atHash(request.accessToken()));
        claims.setClaim("tenant_id", request.tenantId().toString());
        request.sessionId().ifPresent(sid -> claims.setClaim("sid", sid.toString()));
        scopeClaims(request.person(), request.scope()).forEach(claims::setClaim);
        return claims;
    }

    /** The claims the granted scopes allow (profile: name, preferred_username, updated_at; email: email, email_verified). */
    public static Map<String, Object> scopeClaims(Person person, Scope scope) {
        Map<String, Object> claims = new LinkedHashMap<>();
        if (scope.contains("profile")) {
            person.name().ifPresent(name -> claims.put("name", name));
            claims.put("preferred_username", person.username());
            claims.put("updated_at", person.updatedAt().getEpochSecond());
        }
        if (scope.contains("email")) {
            person.email().ifPresent(email -> {
                claims.put("email", email);
                claims.put("email_verified", person.emailVerified());
            });
        }
        return claims;
    }

    /** OIDC Core §3.1.3.6: base64url of the left half of SHA-256 over the access token's ASCII bytes (RS256). */
    public static String atHash(String accessToken) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, digest.length / 2));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
