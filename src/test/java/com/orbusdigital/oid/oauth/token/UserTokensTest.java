package com.orbusdigital.oid.oauth.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.protocol.Proofs;
import com.orbusdigital.oid.protocol.Factor;
import com.orbusdigital.oid.protocol.Authentication;
import com.orbusdigital.oid.client.ClientSnapshot;
import com.orbusdigital.oid.client.ClientType;
import com.orbusdigital.oid.config.ConfigSource;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.event.TokenIssued;
import com.orbusdigital.oid.key.FixedSigningKeys;
import com.orbusdigital.oid.protocol.ClaimsRequest;
import com.orbusdigital.oid.protocol.Scope;
import com.orbusdigital.oid.testing.FiredEvents;
import com.orbusdigital.oid.token.AccessTokenIssuer;
import com.orbusdigital.oid.token.IdTokenClaims;
import com.orbusdigital.oid.token.IdTokens;
import com.orbusdigital.oid.token.RefreshTokens;
import com.orbusdigital.oid.user.TokenSubject;
import com.orbusdigital.oid.user.UserRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

/**
 * The tokens of a signed-in user at a fixed instant: what the access token and the ID token carry.
 * Without a refresh token family: storing refresh tokens is {@code RefreshTokens}', tested with the
 * refresh rules.
 */
class UserTokensTest {

    /** Not a whole second: iat and exp are NumericDates. */
    private static final Instant NOW = Instant.parse("2026-11-24T05:00:00.750Z");
    private static final Instant IAT = Instant.parse("2026-11-24T05:00:00Z");
    private static final Instant AUTH_TIME = Instant.parse("2026-11-24T04:42:17Z");
    private static final Authentication SIGN_IN = Authentication.of(Proofs.of(Factor.PASSWORD, AUTH_TIME.minusSeconds(20))
            .with(List.of(Factor.OTP), AUTH_TIME), AUTH_TIME, List.of());
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final FixedSigningKeys KEYS = new FixedSigningKeys(CLOCK);
    private static final String ISSUER = "https://oid.example.com";
    private static final OidConfig CONFIG = OidConfig.load(ConfigSource.of(Map.of("JWT_ISSUER", ISSUER,
            "DATABASE_URL", "postgres://ods:pw@db:5432/ods", "JWT_AUDIENCE", "ods-test", "ACCESS_TOKEN_TTL_SECS", "900")), false);
    private static final UUID TENANT = UUID.randomUUID();
    private static final UUID SESSION = UUID.randomUUID();
    private static final ClientSnapshot WEB_APP = new ClientSnapshot(UUID.randomUUID(), "web-app", TENANT, true, false, ClientType.PUBLIC,
            true, Optional.empty(), Set.of("authorization_code", "refresh_token"), List.of("docs:read"), List.of("client-role"), true, false,
            Optional.empty(), IAT.minusSeconds(86_400));
    private static final TokenSubject ADA = new TokenSubject(UUID.randomUUID(), "ada", Optional.of("Ada Lovelace"),
            Optional.of("ada@example.com"), true, Instant.parse("2026-01-02T03:04:05Z"), List.of("editor", "reader"));

    /** The users who may have tokens, over a map: one who may not is simply absent, as the view leaves them out. */
    private static final class Users extends UserRepository {
        private final Map<UUID, TokenSubject> subjects = new HashMap<>();

        @Override
        public Optional<TokenSubject> findTokenSubject(UUID tenantId, UUID id) {
            return tenantId.equals(TENANT) ? Optional.ofNullable(subjects.get(id)) : Optional.empty();
        }
    }

    private final Users users = new Users();
    private final FiredEvents<TokenIssued> announced = new FiredEvents<>();
    private final UserTokens tokens = new UserTokens(users, new AccessTokenIssuer(CONFIG, KEYS, CLOCK), new IdTokens(CONFIG, KEYS),
            new RefreshTokens() {}, announced, CLOCK, CONFIG);

    UserTokensTest() {
        users.subjects.put(ADA.id(), ADA);
    }

    private static UserTokens.Grant grant(String scope, Optional<String> nonce, ClaimsRequest claims) {
        return new UserTokens.Grant(ADA.id(), WEB_APP, Scope.parse(scope), SIGN_IN, nonce, Optional.of(SESSION), claims);
    }

    private UserTokens.Issued issue(UserTokens.Grant grant) {
        return tokens.issue(grant, Optional.empty()).orElseThrow();
    }

    private static JwtClaims accessToken(UserTokens.Issued issued) {
        return KEYS.verified(issued.response().accessToken(), AccessTokenIssuer.ACCESS_TOKEN_TYPE, NOW);
    }

    private static JwtClaims idToken(UserTokens.Issued issued) {
        return KEYS.verified(issued.response().idToken(), IdTokens.TYPE, NOW);
    }

    @Test
    void issueWhenUserMayHaveTokensThenAnAccessTokenForTheUserWithTheirRolesNotTheClients() throws Exception {
        UserTokens.Issued issued = issue(grant("openid docs:read", Optional.empty(), ClaimsRequest.NONE));

        JwtClaims access = accessToken(issued);
        assertThat(access.getIssuer()).isEqualTo(ISSUER);
        assertThat(access.getSubject()).isEqualTo(ADA.id().toString());
        assertThat(access.getAudience()).containsExactly("ods-test");
        assertThat(access.getClaimValue("client_id")).isEqualTo("web-app");
        assertThat(access.getClaimValue("tenant_id")).isEqualTo(TENANT.toString());
        assertThat(access.getClaimValue("scope")).isEqualTo("openid docs:read");
        assertThat(access.getStringListClaimValue("roles")).containsExactly("editor", "reader");
        assertThat(access.hasClaim("userinfo_claims")).isFalse();
        assertThat(issued.response().tokenType()).isEqualTo("Bearer");
        assertThat(issued.response().scope()).isEqualTo("openid docs:read");
    }

    @Test
    void issueWhenTheClockSaysNowThenIatIsItsWholeSecondAndExpiryTheTtlAfter() throws Exception {
        UserTokens.Issued issued = issue(grant("openid", Optional.empty(), ClaimsRequest.NONE));

        JwtClaims access = accessToken(issued);
        assertThat(access.getIssuedAt().getValue()).isEqualTo(IAT.getEpochSecond());
        assertThat(access.getExpirationTime().getValue()).isEqualTo(IAT.plusSeconds(900).getEpochSecond());
        assertThat(issued.response().expiresIn()).isEqualTo(900);
        assertThat(issued.accessToken().issuedAt()).isEqualTo(IAT);
        assertThat(issued.accessToken().expiresAt()).isEqualTo(IAT.plusSeconds(900));
        JwtClaims id = idToken(issued);
        assertThat(id.getIssuedAt().getValue()).isEqualTo(IAT.getEpochSecond());
        assertThat(id.getExpirationTime().getValue()).isEqualTo(IAT.plusSeconds(900).getEpochSecond());
    }

    @Test
    void issueWhenOpenidIsGrantedThenAnIdTokenForTheClientWithAuthTimeNonceAtHashAndSid() throws Exception {
        UserTokens.Issued issued = issue(grant("openid profile email", Optional.of("n-0S6_WzA2Mj"), ClaimsRequest.NONE));

        JwtClaims id = idToken(issued);
        assertThat(id.getIssuer()).isEqualTo(ISSUER);
        assertThat(id.getSubject()).isEqualTo(ADA.id().toString());
        assertThat(id.getAudience()).containsExactly("web-app");
        assertThat(id.getClaimValue("azp")).isEqualTo("web-app");
        assertThat(id.getClaimValue("auth_time")).isEqualTo(AUTH_TIME.getEpochSecond());
        assertThat(id.getClaimValue("nonce")).isEqualTo("n-0S6_WzA2Mj");
        assertThat(id.getClaimValue("at_hash")).isEqualTo(IdTokenClaims.atHash(issued.response().accessToken()));
        assertThat(id.getClaimValue("sid")).isEqualTo(SESSION.toString());
        assertThat(id.getClaimValue("acr")).isEqualTo("mfa");
        assertThat(id.getStringListClaimValue("amr")).containsExactly("pwd", "otp", "mfa");
        // with an access token issued, the profile and email claims are userinfo's (OIDC Core §5.4)
        assertThat(id.getClaimNames()).containsExactlyInAnyOrder("iss", "sub", "aud", "azp", "iat", "exp", "auth_time", "nonce", "at_hash", "sid",
                "acr", "amr");
    }

    @Test
    void issueWhenNoNonceWasSentThenTheIdTokenHasNone() throws Exception {
        JwtClaims id = idToken(issue(grant("openid", Optional.empty(), ClaimsRequest.NONE)));

        assertThat(id.hasClaim("nonce")).isFalse();
    }

    @Test
    void issueWhenOpenidIsNotGrantedThenNoIdToken() {
        UserTokens.Issued issued = issue(grant("docs:read", Optional.of("n"), ClaimsRequest.NONE));

        assertThat(issued.response().idToken()).isNull();
        assertThat(issued.response().refreshToken()).isNull();
    }

    @Test
    void issueWhenClaimsAreRequestedThenTheIdTokenCarriesThoseAndTheAccessTokenRemembersUserinfos() throws Exception {
        ClaimsRequest claims = ClaimsRequest.parse("{\"id_token\":{\"email\":{\"essential\":true},\"tenant_id\":null},"
                + "\"userinfo\":{\"name\":null}}");

        UserTokens.Issued issued = issue(grant("openid", Optional.empty(), claims));

        JwtClaims id = idToken(issued);
        assertThat(id.getClaimValue("email")).isEqualTo("ada@example.com");
        assertThat(id.getClaimValue("tenant_id")).isEqualTo(TENANT.toString());
        assertThat(id.hasClaim("name")).isFalse();
        assertThat(accessToken(issued).getClaimValue("userinfo_claims")).isEqualTo(claims.userinfoClaim());
    }

    @Test
    void issueWhenUserMayNoLongerHaveTokensThenNothing() {
        users.subjects.remove(ADA.id());

        assertThat(tokens.issue(grant("openid", Optional.empty(), ClaimsRequest.NONE), Optional.empty())).isEmpty();
        assertThat(announced.fired()).isEmpty();
    }

    @Test
    void announceWhenTokensAreHandedOutThenTokenIssuedNamesTheUser() throws Exception {
        UserTokens.Grant grant = grant("openid", Optional.empty(), ClaimsRequest.NONE);
        UserTokens.Issued issued = issue(grant);
        assertThat(announced.fired()).as("announced only once committed, by the caller").isEmpty();

        tokens.announce(grant, issued, "authorization_code");

        assertThat(announced.fired()).containsExactly(new TokenIssued(TENANT, "web-app", Optional.of(ADA.id()), "authorization_code",
                accessToken(issued).getJwtId(), IAT, IAT.plusSeconds(900)));
    }
}
