package com.orbusdigital.oid.session.backchannel;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.key.FixedSigningKeys;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.junit.jupiter.api.Test;

/** Back-Channel Logout 1.0 §2.4: what a logout token says, and what it must not. */
class LogoutTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-08T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final FixedSigningKeys KEYS = new FixedSigningKeys(CLOCK);
    private static final String ISSUER = "https://oid.example.com";
    private static final UUID USER = UUID.fromString("0b6c0000-0000-4000-8000-000000000002");
    private static final UUID SESSION = UUID.fromString("0b6c0000-0000-4000-8000-000000000004");

    private final LogoutTokens tokens = new LogoutTokens(KEYS, ISSUER);

    @Test
    void aLogoutTokenIsSignedAsLogoutJwtAndNamesTheIssuerClientUserAndSessionForTwoMinutes() throws MalformedClaimException {
        String token = tokens.sign(new LogoutTokens.Logout("docstore", USER, SESSION), NOW);

        JwtClaims claims = KEYS.verified(token, "logout+jwt", NOW);
        assertThat(claims.getIssuer()).isEqualTo(ISSUER);
        assertThat(claims.getAudience()).containsExactly("docstore");
        assertThat(claims.getSubject()).isEqualTo(USER.toString());
        assertThat(claims.getStringClaimValue("sid")).isEqualTo(SESSION.toString());
        assertThat(claims.getIssuedAt().getValue()).isEqualTo(NOW.getEpochSecond());
        assertThat(claims.getExpirationTime().getValue()).isEqualTo(NOW.getEpochSecond() + 120);
        assertThat(claims.getClaimValue("events")).isEqualTo(Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()));
        assertThat(claims.getJwtId()).matches("[A-Za-z0-9_-]{22}");
        // §2.4: a nonce is forbidden (it would let a logout token pass for an ID token)
        assertThat(claims.getClaimsMap()).containsOnlyKeys("iss", "aud", "sub", "sid", "iat", "exp", "jti", "events");
        assertThat(new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[0]), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"alg\":\"RS256\"").contains("\"kid\":\"" + KEYS.ring().active().kid() + "\"");
    }

    @Test
    void everyLogoutTokenHasItsOwnJti() throws MalformedClaimException {
        LogoutTokens.Logout logout = new LogoutTokens.Logout("docstore", USER, SESSION);

        String first = KEYS.verified(tokens.sign(logout, NOW), "logout+jwt", NOW).getJwtId();
        String second = KEYS.verified(tokens.sign(logout, NOW), "logout+jwt", NOW).getJwtId();

        assertThat(first).isNotEqualTo(second);
    }
}
