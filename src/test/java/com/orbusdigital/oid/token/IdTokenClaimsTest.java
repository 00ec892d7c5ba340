package com.orbusdigital.oid.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.protocol.Authentication;
import com.orbusdigital.oid.protocol.ClaimsRequest;
import com.orbusdigital.oid.protocol.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

class IdTokenClaimsTest {

    private static final UUID USER = UUID.randomUUID();
    private static final UUID TENANT = UUID.randomUUID();
    private static final Instant NOW = Instant.parse("2026-11-24T05:00:00Z");
    private static final Instant UPDATED = Instant.parse("2026-01-02T03:04:05Z");
    private static final IdTokenClaims.Person ADA = new IdTokenClaims.Person(USER, "ada", Optional.of("Ada Lovelace"),
            Optional.of("ada@example.com"), true, UPDATED);
    private static final List<String> REQUIRED = List.of("iss", "sub", "aud", "azp", "iat", "exp", "auth_time", "nonce", "at_hash", "sid",
            "acr", "amr");

    private static JwtClaims claims(Map<String, ClaimsRequest.Requested> requested, Optional<String> nonce) {
        return IdTokenClaims.of(new IdTokenClaims.Request("https://oid.example.com", ADA, TENANT, "web-app",
                requested, NOW, Duration.ofMinutes(15),
                new Authentication(NOW.minusSeconds(30), Optional.of("mfa"), List.of("pwd", "otp", "mfa")), nonce, "an-access-token", Optional.of(USER)));
    }

    private static Map<String, ClaimsRequest.Requested> idToken(String claimsParameter) {
        return ClaimsRequest.parse(claimsParameter).idToken();
    }

    @Test
    void atHashIsTheOidcCoreExample() {
        // OpenID Connect Core 1.0, Appendix A (cross-checked with openssl: SHA-256, left 16 bytes, base64url)
        assertThat(IdTokenClaims.atHash("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y")).isEqualTo("77QmUPtjPfzWtF2AnpK9RQ");
    }

    @Test
    void carriesTheRequiredClaimsWithTheUserIdAsSubjectAndNothingElse() throws Exception {
        JwtClaims claims = claims(Map.of(), Optional.of("n-0S6_WzA2Mj"));

        assertThat(claims.getIssuer()).isEqualTo("https://oid.example.com");
        assertThat(claims.getSubject()).isEqualTo(USER.toString()).isNotEqualTo("ada");
        assertThat(claims.getAudience()).containsExactly("web-app");
        assertThat(claims.getClaimValue("azp")).isEqualTo("web-app");
        assertThat(claims.getIssuedAt().getValue()).isEqualTo(NOW.getEpochSecond());
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(900);
        assertThat(claims.getClaimValue("auth_time")).isEqualTo(NOW.getEpochSecond() - 30);
        assertThat(claims.getClaimValue("nonce")).isEqualTo("n-0S6_WzA2Mj");
        assertThat(claims.getClaimValue("at_hash")).isEqualTo(IdTokenClaims.atHash("an-access-token"));
        assertThat(claims.getClaimValue("sid")).isEqualTo(USER.toString());
        assertThat(claims.getClaimValue("acr")).isEqualTo("mfa");
        assertThat(claims.getStringListClaimValue("amr")).containsExactly("pwd", "otp", "mfa");
        // OIDC Core §5.4: with an access token, the scope claims are userinfo's; the tenant only when asked for
        assertThat(claims.getClaimNames()).containsExactlyInAnyOrderElementsOf(REQUIRED);
    }

    @Test
    void carriesTheClaimsRequestedForItEssentialOrVoluntaryWhenTheUserHasThemWithAnAcceptedValue() {
        JwtClaims claims = claims(idToken("""
                {"id_token":{"email":{"essential":true},"tenant_id":null,"updated_at":{"value":%d},
                             "name":{"values":["Charles Babbage"]},"email_verified":{"value":false},"sub":{"value":"someone"}}}"""
                .formatted(UPDATED.getEpochSecond())), Optional.empty());

        assertThat(claims.getClaimsMap()).containsEntry("email", "ada@example.com").containsEntry("tenant_id", TENANT.toString())
                .containsEntry("updated_at", UPDATED.getEpochSecond()).containsEntry("sub", USER.toString())
                .doesNotContainKeys("name", "email_verified", "preferred_username", "nonce");
    }

    @Test
    void aRequestedClaimTheUserLacksIsLeftOut() {
        IdTokenClaims.Person nameless = new IdTokenClaims.Person(USER, "ada", Optional.empty(), Optional.empty(), false, UPDATED);

        assertThat(IdTokenClaims.requestedClaims(nameless, TENANT, idToken("{\"id_token\":{\"name\":{\"essential\":true},"
                + "\"email\":null,\"email_verified\":null,\"preferred_username\":null}}")))
                .containsExactly(Map.entry("preferred_username", "ada"));
    }

    @Test
    void theScopeClaimsForUserinfoAreOnlyWhatTheGrantedScopesAllow() {
        Map<String, Object> bare = IdTokenClaims.scopeClaims(ADA, Scope.parse("openid"));
        Map<String, Object> profile = IdTokenClaims.scopeClaims(ADA, Scope.parse("openid profile"));
        Map<String, Object> email = IdTokenClaims.scopeClaims(ADA, Scope.parse("openid email"));

        assertThat(bare).isEmpty();
        assertThat(profile).containsExactly(Map.entry("name", "Ada Lovelace"), Map.entry("preferred_username", "ada"),
                Map.entry("updated_at", UPDATED.getEpochSecond()));
        assertThat(email).containsExactly(Map.entry("email", "ada@example.com"), Map.entry("email_verified", true));
    }

    /** Issue 17: the standard claims of OIDC Core §5.1, released by their scopes (§5.4) and, in the ID token, when asked for (§5.5). */
    @Test
    void theStandardClaimsGoWithTheirScopesAndIntoTheIdTokenOnlyWhenAskedFor() throws Exception {
        Map<String, java.util.Optional<Object>> set = new java.util.LinkedHashMap<>();
        set.put("given_name", Optional.of("Ada"));
        set.put("birthdate", Optional.of("0000-12-10"));
        set.put("phone_number", Optional.of("+442079460958"));
        set.put("address", Optional.of(Map.of("locality", "London")));
        com.orbusdigital.oid.protocol.StandardClaims standard = com.orbusdigital.oid.protocol.StandardClaims.NONE
                .with(new com.orbusdigital.oid.protocol.StandardClaims.Edit(set));
        IdTokenClaims.Person ada = new IdTokenClaims.Person(USER, "ada", Optional.of("Ada Lovelace"), Optional.of("ada@example.com"), true,
                UPDATED, standard);

        assertThat(IdTokenClaims.scopeClaims(ada, Scope.parse("openid profile"))).containsOnlyKeys("name", "given_name", "birthdate",
                "preferred_username", "updated_at");
        assertThat(IdTokenClaims.scopeClaims(ada, Scope.parse("openid address"))).containsOnlyKeys("address");
        assertThat(IdTokenClaims.scopeClaims(ada, Scope.parse("openid phone")))
                .isEqualTo(Map.of("phone_number", "+442079460958", "phone_number_verified", false));
        assertThat(IdTokenClaims.scopeClaims(ada, Scope.parse("openid email"))).containsOnlyKeys("email", "email_verified");

        JwtClaims token = IdTokenClaims.of(new IdTokenClaims.Request("https://oid.example.com", ada, TENANT, "web-app",
                idToken("{\"id_token\":{\"address\":null,\"birthdate\":{\"value\":\"0000-12-10\"},\"zoneinfo\":null}}"), NOW,
                Duration.ofMinutes(15), new Authentication(NOW, Optional.empty(), List.of()), Optional.empty(), "an-access-token",
                Optional.empty()));
        assertThat(token.getClaimValue("birthdate")).isEqualTo("0000-12-10");
        assertThat(token.getClaimValue("address")).isEqualTo(Map.of("locality", "London"));
        assertThat(token.hasClaim("zoneinfo")).as("a claim the user does not have").isFalse();
        assertThat(token.hasClaim("given_name")).as("not asked for").isFalse();
    }
}
