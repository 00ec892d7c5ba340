package com.orbusdigital.oid.oauth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.orbusdigital.oid.client.ClientSnapshot;
import com.orbusdigital.oid.client.ClientType;
import com.orbusdigital.oid.config.ConfigSource;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.event.TokenIssued;
import com.orbusdigital.oid.key.FixedSigningKeys;
import com.orbusdigital.oid.oauth.ClientCredentials;
import com.orbusdigital.oid.oauth.FormParameters;
import com.orbusdigital.oid.protocol.OAuthError;
import com.orbusdigital.oid.protocol.OAuthException;
import com.orbusdigital.oid.testing.FiredEvents;
import com.orbusdigital.oid.token.AccessTokenIssuer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

/** RFC 6749 §4.4 at a fixed instant: what a machine's token carries, and which scopes it may have. */
class ClientCredentialsGrantTest {

    /** Not a whole second: iat and exp are NumericDates. */
    private static final Instant NOW = Instant.parse("2026-11-24T05:00:00.750Z");
    private static final Instant IAT = Instant.parse("2026-11-24T05:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final FixedSigningKeys KEYS = new FixedSigningKeys(CLOCK);
    private static final OidConfig CONFIG = OidConfig.load(ConfigSource.of(Map.of("JWT_ISSUER", "https://oid.example.com",
            "DATABASE_URL", "postgres://ods:pw@db:5432/ods", "JWT_AUDIENCE", "ods-test", "ACCESS_TOKEN_TTL_SECS", "900")), false);
    private static final UUID TENANT = UUID.randomUUID();

    private final FiredEvents<TokenIssued> issued = new FiredEvents<>();
    private final ClientCredentialsGrant grant = new ClientCredentialsGrant(new AccessTokenIssuer(CONFIG, KEYS, CLOCK), issued);

    private static ClientSnapshot client(ClientType type, List<String> scopes, List<String> roles) {
        return new ClientSnapshot(UUID.randomUUID(), "reporting", TENANT, true, false, type, true, Optional.of("hmac-sha256$x$y"),
                Set.of("client_credentials"), scopes, roles, true, false, Optional.empty(), IAT.minusSeconds(86_400));
    }

    private static final ClientSnapshot REPORTING = client(ClientType.CONFIDENTIAL, List.of("docs:read", "docs:write"), List.of("auditor", "reader"));

    private static TokenRequest request(String body) {
        FormParameters form = FormParameters.parse(body.getBytes(StandardCharsets.UTF_8));
        return new TokenRequest("client_credentials", form, ClientCredentials.from(null, form));
    }

    private JwtClaims accessToken(TokenResponse response) {
        return KEYS.verified(response.accessToken(), AccessTokenIssuer.ACCESS_TOKEN_TYPE, NOW);
    }

    private OAuthException refusal(ClientSnapshot client, String body) {
        OAuthException refused = catchThrowableOfType(OAuthException.class, () -> grant.handle(request(body), client));
        assertThat(refused).as(body).isNotNull();
        assertThat(issued.fired()).as("nothing issued, nothing announced").isEmpty();
        return refused;
    }

    @Test
    void handleWhenClientAuthenticatedThenATokenForItselfExpiringAfterTheTtlFromTheClock() throws Exception {
        TokenResponse response = grant.handle(request("grant_type=client_credentials"), REPORTING);

        assertThat(response.tokenType()).isEqualTo("Bearer");
        assertThat(response.expiresIn()).isEqualTo(900);
        assertThat(response.refreshToken()).isNull();
        assertThat(response.idToken()).isNull();
        JwtClaims claims = accessToken(response);
        assertThat(claims.getIssuer()).isEqualTo("https://oid.example.com");
        assertThat(claims.getSubject()).isEqualTo("reporting");
        assertThat(claims.getClaimValue("client_id")).isEqualTo("reporting");
        assertThat(claims.getAudience()).containsExactly("ods-test");
        assertThat(claims.getClaimValue("tenant_id")).isEqualTo(TENANT.toString());
        assertThat(claims.getStringListClaimValue("roles")).containsExactly("auditor", "reader");
        assertThat(claims.getIssuedAt().getValue()).isEqualTo(IAT.getEpochSecond());
        assertThat(claims.getExpirationTime().getValue()).isEqualTo(IAT.plusSeconds(900).getEpochSecond());
        assertThat(claims.getJwtId()).hasSizeGreaterThanOrEqualTo(22);
        assertThat(claims.hasClaim("auth_time")).isFalse();
        assertThat(claims.hasClaim("userinfo_claims")).isFalse();
    }

    @Test
    void handleWhenNoScopeIsAskedThenTheClientsRegisteredScopes() throws Exception {
        TokenResponse response = grant.handle(request("grant_type=client_credentials"), REPORTING);

        assertThat(response.scope()).isEqualTo("docs:read docs:write");
        assertThat(accessToken(response).getClaimValue("scope")).isEqualTo("docs:read docs:write");
    }

    @Test
    void handleWhenFewerScopesAreAskedThenNarrowedToThem() throws Exception {
        TokenResponse response = grant.handle(request("grant_type=client_credentials&scope=docs:write"), REPORTING);

        assertThat(response.scope()).isEqualTo("docs:write");
        assertThat(accessToken(response).getClaimValue("scope")).isEqualTo("docs:write");
    }

    @Test
    void handleWhenClientHasNoScopesThenNoScopeAnywhere() throws Exception {
        TokenResponse response = grant.handle(request("grant_type=client_credentials"), client(ClientType.CONFIDENTIAL, List.of(), List.of()));

        assertThat(response.scope()).isNull();
        JwtClaims claims = accessToken(response);
        assertThat(claims.hasClaim("scope")).isFalse();
        assertThat(claims.getStringListClaimValue("roles")).isEmpty();
    }

    @Test
    void handleWhenAScopeIsNotRegisteredThenInvalidScopeAndNoToken() {
        OAuthException refused = refusal(REPORTING, "grant_type=client_credentials&scope=docs:read+admin");

        assertThat(refused.error()).isEqualTo(OAuthError.INVALID_SCOPE);
        assertThat(refused.error().status()).isEqualTo(400);
        assertThat(refused.description()).isEqualTo("scope 'admin' is not allowed for this client");
    }

    @Test
    void handleWhenAScopeIsMalformedThenInvalidScopeAndNoToken() {
        OAuthException refused = refusal(REPORTING, "grant_type=client_credentials&scope=docs:read+%22quoted%22");

        assertThat(refused.error()).isEqualTo(OAuthError.INVALID_SCOPE);
    }

    @Test
    void handleWhenClientIsPublicThenUnauthorizedClientAndNoToken() {
        OAuthException refused = refusal(client(ClientType.PUBLIC, List.of("docs:read"), List.of()), "grant_type=client_credentials");

        assertThat(refused.error()).isEqualTo(OAuthError.UNAUTHORIZED_CLIENT);
        assertThat(refused.description()).isEqualTo("only confidential clients may use client_credentials");
    }

    @Test
    void handleWhenTokenIssuedThenAnnouncedWithoutAUser() throws Exception {
        TokenResponse response = grant.handle(request("grant_type=client_credentials"), REPORTING);

        assertThat(issued.fired()).containsExactly(new TokenIssued(TENANT, "reporting", Optional.empty(), "client_credentials",
                accessToken(response).getJwtId(), IAT, IAT.plusSeconds(900)));
    }
}
