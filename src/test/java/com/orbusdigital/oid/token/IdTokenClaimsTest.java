package com.orbusdigital.oid.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.oauth.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

class IdTokenClaimsTest {

    private static final UUID USER = UUID.randomUUID();
    private static final UUID TENANT = UUID.randomUUID();
    private static final Instant NOW = Instant.parse("2026-11-24T05:00:00Z");
    private static final IdTokenClaims.Person ADA = new IdTokenClaims.Person(USER, "ada", Optional.of("Ada Lovelace"),
            Optional.of("ada@example.com"), true, Instant.parse("2026-01-02T03:04:05Z"));

    private static JwtClaims claims(String scope, Optional<String> nonce) {
        return IdTokenClaims.of(new IdTokenClaims.Request("https://oid.example.com", ADA, TENANT, "web-app",
                Scope.parse(scope), NOW, Duration.ofMinutes(15), NOW.minusSeconds(30), nonce, "an-access-token", Optional.empty()));
    }

    @Test
    void atHashIsTheOidcCoreExample() {
        // OpenID Connect Core 1.0, Appendix A (cross-checked with openssl: SHA-256, left 16 bytes, base64url)
        assertThat(IdTokenClaims.atHash("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y")).isEqualTo("77QmUPtjPfzWtF2AnpK9RQ");
    }

    @Test
    void carriesTheRequiredClaimsWithTheUserIdAsSubject() throws Exception {
        JwtClaims claims = claims("openid", Optional.of("n-0S6_WzA2Mj"));

        assertThat(claims.getIssuer()).isEqualTo("https://oid.example.com");
        assertThat(claims.getSubject()).isEqualTo(USER.toString()).isNotEqualTo("ada");
        assertThat(claims.getAudience()).containsExactly("web-app");
        assertThat(claims.getClaimValue("azp")).isEqualTo("web-app");
        assertThat(claims.getIssuedAt().getValue()).isEqualTo(NOW.getEpochSecond());
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(900);
        assertThat(claims.getClaimValue("auth_time")).isEqualTo(NOW.getEpochSecond() - 30);
        assertThat(claims.getClaimValue("nonce")).isEqualTo("n-0S6_WzA2Mj");
        assertThat(claims.getClaimValue("at_hash")).isEqualTo(IdTokenClaims.atHash("an-access-token"));
        assertThat(claims.getClaimValue("tenant_id")).isEqualTo(TENANT.toString());
    }

    @Test
    void revealsOnlyWhatTheGrantedScopesAllow() {
        JwtClaims bare = claims("openid", Optional.empty());
        JwtClaims profile = claims("openid profile", Optional.empty());
        JwtClaims email = claims("openid email", Optional.empty());

        assertThat(bare.hasClaim("nonce")).isFalse();
        for (String claim : new String[] {"name", "preferred_username", "updated_at", "email", "email_verified"}) {
            assertThat(bare.hasClaim(claim)).as(claim).isFalse();
        }
        assertThat(profile.getClaimValue("name")).isEqualTo("Ada Lovelace");
        assertThat(profile.getClaimValue("preferred_username")).isEqualTo("ada");
        assertThat(profile.getClaimValue("updated_at")).isEqualTo(Instant.parse("2026-01-02T03:04:05Z").getEpochSecond());
        assertThat(profile.hasClaim("email")).isFalse();
        assertThat(email.getClaimValue("email")).isEqualTo("ada@example.com");
        assertThat(email.getClaimValue("email_verified")).isEqualTo(true);
        assertThat(email.hasClaim("name")).isFalse();
    }
}
