package com.orbusdigital.oid.token;

import com.orbusdigital.oid.protocol.Authentication;
import com.orbusdigital.oid.protocol.ClaimsRequest;
import com.orbusdigital.oid.protocol.Scope;
import com.orbusdigital.oid.protocol.StandardClaims;
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
 * The claims of an ID token (OpenID Connect Core §2, §3.1.3.6), and of userinfo. {@code sub} is the
 * user's stable id, never the username. An access token is always issued with the ID token (the
 * code flow), so the claims of the profile and email scopes are userinfo's (§5.4); the ID token
 * carries only what it must and what the {@code claims} parameter asked for in it (§5.5).
 */
public final class IdTokenClaims {

    /** What OID knows of a user that a scope may reveal. */
    public record Person(UUID id, String username, Optional<String> name, Optional<String> email,
                         boolean emailVerified, Instant updatedAt, StandardClaims claims) {

        /** A person without standard claims beyond the columns. */
        public Person(UUID id, String username, Optional<String> name, Optional<String> email, boolean emailVerified, Instant updatedAt) {
            this(id, username, name, email, emailVerified, updatedAt, StandardClaims.NONE);
        }
    }

    /**
     * One ID token to build.
     *
     * @param requested   the claims asked for in the ID token ({@link ClaimsRequest#idToken})
     * @param accessToken the access token issued with it, for {@code at_hash}
     * @param sessionId   the sign-in session, as {@code sid} (OIDC Front-Channel Logout §3), for logout hints
     */
    public record Request(String issuer, Person person, UUID tenantId, String clientId,
                          Map<String, ClaimsRequest.Requested> requested, Instant issuedAt, Duration ttl, Authentication signIn,
                          Optional<String> nonce, String accessToken, Optional<UUID> sessionId) {}

    /** The scopes whose claims OID has, for {@link #known}. */
    private static final Scope ALL_SCOPE_CLAIMS = Scope.parse("profile email address phone");

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
        claims.setClaim("auth_time", request.signIn().time().getEpochSecond());
        request.signIn().acr().ifPresent(acr -> claims.setClaim("acr", acr));
        if (!request.signIn().amr().isEmpty()) {
            claims.setStringListClaim("amr", request.signIn().amr());
        }
        request.nonce().ifPresent(nonce -> claims.setClaim("nonce", nonce));
        claims.setClaim("at_hash", atHash(request.accessToken()));
        request.sessionId().ifPresent(sid -> claims.setClaim("sid", sid.toString()));
        requestedClaims(request.person(), request.tenantId(), request.requested()).forEach(claims::setClaim);
        return claims;
    }

    /**
     * The claims the granted scopes allow, which userinfo answers (OIDC Core §5.4): profile — name,
     * family_name, given_name, middle_name, nickname, preferred_username, picture, website, gender,
     * birthdate, zoneinfo, locale, updated_at; email — email, email_verified; address — address;
     * phone — phone_number, phone_number_verified. A claim the user does not have is left out.
     */
    public static Map<String, Object> scopeClaims(Person person, Scope scope) {
        Map<String, Object> claims = new LinkedHashMap<>();
        StandardClaims standard = person.claims();
        if (scope.contains("profile")) {
            person.name().ifPresent(name -> claims.put("name", name));
            StandardClaims.PROFILE.forEach(claim -> standard.text(claim).ifPresent(value -> claims.put(claim, value)));
            claims.put("preferred_username", person.username());
            claims.put("updated_at", person.updatedAt().getEpochSecond());
        }
        if (scope.contains("email")) {
            person.email().ifPresent(email -> {
                claims.put("email", email);
                claims.put("email_verified", person.emailVerified());
            });
        }
        if (scope.contains("address")) {
            standard.address().ifPresent(address -> claims.put(StandardClaims.ADDRESS, address));
        }
        if (scope.contains("phone")) {
            standard.text(StandardClaims.PHONE_NUMBER).ifPresent(phone -> {
                claims.put(StandardClaims.PHONE_NUMBER, phone);
                claims.put(StandardClaims.PHONE_NUMBER_VERIFIED, standard.phoneNumberVerified().orElse(false));
            });
        }
        return claims;
    }

    /**
     * The claims of {@code requested} that the user has, each with a value the request accepts
     * (OIDC Core §5.5.1: one that is not met, essential or not, is left out). {@code sub} is always
     * the caller's already.
     */
    public static Map<String, Object> requestedClaims(Person person, UUID tenantId, Map<String, ClaimsRequest.Requested> requested) {
        if (requested.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> known = known(person, tenantId);
        Map<String, Object> claims = new LinkedHashMap<>();
        requested.forEach((name, wanted) -> {
            Object value = known.get(name);
            if (value != null && wanted.accepts(value)) {
                claims.put(name, value);
            }
        });
        return claims;
    }

    /** Everything OID can say of the user but {@code sub}, by claim name ({@link ClaimsRequest#SUPPORTED}). */
    private static Map<String, Object> known(Person person, UUID tenantId) {
        Map<String, Object> known = scopeClaims(person, ALL_SCOPE_CLAIMS);
        known.put("tenant_id", tenantId.toString());
        return known;
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
