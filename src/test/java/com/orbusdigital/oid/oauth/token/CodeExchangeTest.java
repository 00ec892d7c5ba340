package com.orbusdigital.oid.oauth.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.protocol.Authentication;
import com.orbusdigital.oid.client.ClientSnapshot;
import com.orbusdigital.oid.client.ClientType;
import com.orbusdigital.oid.config.ConfigSource;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.event.Revocation;
import com.orbusdigital.oid.protocol.ClaimsRequest;
import com.orbusdigital.oid.protocol.Scope;
import com.orbusdigital.oid.oauth.code.AuthorizationCodes;
import com.orbusdigital.oid.oauth.code.Pkce;
import com.orbusdigital.oid.protocol.OAuthError;
import com.orbusdigital.oid.oauth.token.CodeExchange.Exchange;
import com.orbusdigital.oid.session.Sessions;
import com.orbusdigital.oid.testing.FiredEvents;
import com.orbusdigital.oid.token.IssuedToken;
import com.orbusdigital.oid.token.RefreshTokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The code exchange's outcomes (RFC 6749 §4.1.3, RFC 7636 §4.6, RFC 9700 §4.5) at a fixed instant,
 * with in-memory stores: every refusal is invalid_grant (a malformed verifier invalid_request), the
 * code is consumed whatever the outcome, and a replay revokes what the code issued.
 */
class CodeExchangeTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
    private static final String INVALID = "the authorization code is invalid, expired or was already used";
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String REDIRECT_URI = "https://app.example.com/callback";
    private static final UUID TENANT = UUID.randomUUID();
    private static final UUID USER = UUID.randomUUID();
    private static final Scope SCOPE = Scope.parse("openid profile");

    private final Codes codes = new Codes();
    private final Tokens tokens = new Tokens();
    private final Families families = new Families();
    private final LiveSessions sessions = new LiveSessions();
    private final FiredEvents<IdentityEvent> events = new FiredEvents<>();
    private final ClientSnapshot client = client(ClientType.PUBLIC, Set.of("authorization_code", "refresh_token"), false);
    private final CodeExchange exchange = exchange(true);

    @Test
    void exchangeWhenTheCodeIsValidThenTokensAreIssuedForWhatItWasIssuedFor() {
        UUID session = sessions.live();
        byte[] codeHash = codes.issue("code", code(client).sessionId(Optional.of(session)));

        Exchange outcome = exchange.exchange("code", Optional.of(VERIFIER), Optional.of(REDIRECT_URI), client);

        assertThat(outcome).isInstanceOf(Exchange.Exchanged.class);
        UserTokens.Grant grant = ((Exchange.Exchanged) outcome).grant();
        assertThat(grant.userId()).isEqualTo(USER);
        assertThat(grant.scope()).isEqualTo(SCOPE);
        assertThat(grant.nonce()).contains("n-0S6_WzA2Mj");
        assertThat(grant.sessionId()).contains(session);
        // a new refresh token family descending from the code, for the longest a sign-in may refresh
        UserTokens.Family family = tokens.families.get(0).orElseThrow();
        assertThat(family.authCodeHash()).contains(codeHash);
        assertThat(family.expiresAt()).isEqualTo(CLOCK.instant().plus(Duration.ofDays(30)));
        assertThat(family.offline()).isFalse();
        // the access token is recorded on the code, for a replay to revoke
        assertThat(codes.accessTokens).containsKey("code");
        assertThat(events.fired()).isEmpty();
    }

    @Test
    void exchangeWhenTheCodeIsUnknownThenInvalidGrant() {
        assertRefused(exchange.exchange("nope", Optional.of(VERIFIER), Optional.of(REDIRECT_URI), client), OAuthError.INVALID_GRANT,
                INVALID);
        assertThat(events.fired()).isEmpty();
    }

    @Test
    void exchangeWhenTheCodeHasExpiredThenInvalidGrantAndTheCodeIsConsumed() {
        codes.issue("code", code(client).expiresAt(CLOCK.instant()));

        assertRefused(exchange.exchange("code", Optional.of(VERIFIER), Optional.of(REDIRECT_URI), client), OAuthError.INVALID_GRANT,
                INVALID);
        assertThat(codes.consumed).contains("code");
        assertThat(tokens.families).isEmpty();
    }

    @Test
    void exchangeWhenTheCodeIsReplayedThenInvalidGrantAndWhatItIssuedIsRevoked() {
        codes.issue("code", code(client));
        exchange.exchange("code", Optional.of(VERIFIER), Optional.of(REDIRECT_URI), client);

        Exchange replay = exchange.exchange("code", Optional.of(VERIFIER), Optional.of(REDIRECT_URI), client);

        assertRefused(replay, OAuthError.INVALID_GRANT, INVALID);
        assertThat(codes.replayed).containsExactly("code");
        assertThat(families.revokedDescendants).isEqualTo(1);
        assertThat(events.fired()).containsExactly(new Revocation.CodeReplayed(TENANT, USER, client.clientId(), true, 1));
        assertThat(tokens.families).hasSize(1);
    }

    @Test
    void exchangeWhenAnotherClientPresentsTheCodeThenInvalidGrantAndTheCodeIsConsumed() {
        ClientSnapshot other = client(ClientType.PUBLIC, Set.of("authorization_code"), false);
        codes.issue("code", code(client));

        assertRefused(exchange.exchange("code", Optional.of(VERIFIER), Optional.of(REDIRECT_URI), other), OAuthError.INVALID_GRANT,
                INVALID);
        // the rightful client cannot use it either now: it may have leaked
        assertRefused(exchange.exchange("code", Optional.of(VERIFIER), Optional.of(REDIRECT_URI), client), OAuthError.INVALID_GRANT,
                INVALID);
        assertThat(tokens.families).isEmpty();
    }

    @Test
    void exchangeWhenTheRedirectUriDiffersThenInvalidGrant() {
        codes.issue("code", code(client));

        assertRefused(exchange.exchange("code", Optional.of(VERIFIER), Optional.of(REDIRECT_URI + "/other"), client),
                OAuthError.INVALID_GRANT, "redirect_uri does not match the authorization request");
    }

    @Test
    void exchangeWhenTheAuthorizationRequestGaveARedirectUriAndTheTokenRequestOmitsItThenInvalidGrant() {
        codes.issue("code", code(client));

        assertRefused(exchange.exchange("code", Optional.of(VERIFIER), Optional.empty(), client), OAuthError.INVALID_GRANT,
                "redirect_uri does not match the authorization request");
    }

    @Test
    void exchangeWhenTheAuthorizationRequestOmittedTheRedirectUriThenTheTokenRequestMayOmitIt() {
        codes.issue("code", code(client).redirectUriGiven(false));

        assertThat(exchange.exchange("code", Optional.of(VERIFIER), Optional.empty(), client)).isInstanceOf(Exchange.Exchanged.class);
    }

    @Test
    void exchangeWhenTheVerifierIsWrongThenInvalidGrant() {
        codes.issue("code", code(client));

        assertRefused(exchange.exchange("code", Optional.of(VERIFIER.replace('d', 'e')), Optional.of(REDIRECT_URI), client),
                OAuthError.INVALID_GRANT, "code_verifier does not match the code_challenge");
    }

    @Test
    void exchangeWhenTheVerifierIsMissingThenInvalidGrant() {
        codes.issue("code", code(client));

        assertRefused(exchange.exchange("code", Optional.empty(), Optional.of(REDIRECT_URI), client), OAuthError.INVALID_GRANT,
                "code_verifier is required for this code");
    }

    @Test
    void exchangeWhenTheVerifierIsMalformedThenInvalidRequest() {
        codes.issue("code", code(client));

        assertRefused(exchange.exchange("code", Optional.of("short"), Optional.of(REDIRECT_URI), client), OAuthError.INVALID_REQUEST,
                "code_verifier must be 43 to 128 characters of [A-Za-z0-9._~-]");
        assertThat(codes.consumed).contains("code");
    }

    @Test
    void exchangeWhenAVerifierIsSentForACodeIssuedWithoutChallengeThenInvalidGrant() {
        ClientSnapshot confidential = client(ClientType.CONFIDENTIAL, Set.of("authorization_code"), false);
        codes.issue("code", code(confidential).challenge(Optional.empty()));

        assertRefused(exchange(false).exchange("code", Optional.of(VERIFIER), Optional.of(REDIRECT_URI), confidential),
                OAuthError.INVALID_GRANT, "code_verifier sent for a code issued without code_challenge");
    }

    @Test
    void exchangeWhenAPublicClientsCodeCarriesNoChallengeThenInvalidGrant() {
        // PKCE downgrade: a public client must use PKCE even where OID_REQUIRE_PKCE is off
        codes.issue("code", code(client).challenge(Optional.empty()));

        assertRefused(exchange(false).exchange("code", Optional.empty(), Optional.of(REDIRECT_URI), client), OAuthError.INVALID_GRANT,
                "this client must use PKCE, and the code was issued without code_challenge");
    }

    @Test
    void exchangeWhenPkceIsRequiredEverywhereAndTheCodeCarriesNoChallengeThenInvalidGrant() {
        ClientSnapshot confidential = client(ClientType.CONFIDENTIAL, Set.of("authorization_code"), false);
        codes.issue("code", code(confidential).challenge(Optional.empty()));

        assertRefused(exchange.exchange("code", Optional.empty(), Optional.of(REDIRECT_URI), confidential), OAuthError.INVALID_GRANT,
                "this client must use PKCE, and the code was issued without code_challenge");
    }

    @Test
    void exchangeWhenAConfidentialClientNeedsNoPkceThenACodeWithoutChallengeIsExchanged() {
        ClientSnapshot confidential = client(ClientType.CONFIDENTIAL, Set.of("authorization_code"), false);
        codes.issue("code", code(confidential).challenge(Optional.empty()));

        assertThat(exchange(false).exchange("code", Optional.empty(), Optional.of(REDIRECT_URI), confidential))
                .isInstanceOf(Exchange.Exchanged.class);
    }

    @Test
    void exchangeWhenTheSignInSessionHasEndedThenInvalidGrant() {
        codes.issue("code", code(client).sessionId(Optional.of(UUID.randomUUID())));

        assertRefused(exchange.exchange("code", Optional.of(VERIFIER), Optional.of(REDIRECT_URI), client), OAuthError.INVALID_GRANT,
                "the sign-in session of this code has ended");
    }

    @Test
    void exchangeWhenTheUserCanNoLongerSignInThenInvalidGrant() {
        codes.issue("code", code(client));
        tokens.userGone = true;

        assertRefused(exchange.exchange("code", Optional.of(VERIFIER), Optional.of(REDIRECT_URI), client), OAuthError.INVALID_GRANT,
                "the user can no longer sign in");
        assertThat(codes.accessTokens).isEmpty();
    }

    @Test
    void exchangeWhenTheClientMayNotRefreshThenNoRefreshTokenFamilyIsStarted() {
        ClientSnapshot noRefresh = client(ClientType.PUBLIC, Set.of("authorization_code"), false);
        codes.issue("code", code(noRefresh));

        exchange.exchange("code", Optional.of(VERIFIER), Optional.of(REDIRECT_URI), noRefresh);

        assertThat(tokens.families).containsExactly(Optional.empty());
    }

    @Test
    void exchangeWhenTheClientRequiresOfflineAccessAndItWasNotGrantedThenNoRefreshTokenFamilyIsStarted() {
        ClientSnapshot offlineOnly = client(ClientType.PUBLIC, Set.of("authorization_code", "refresh_token"), true);
        codes.issue("code", code(offlineOnly));

        exchange.exchange("code", Optional.of(VERIFIER), Optional.of(REDIRECT_URI), offlineOnly);

        assertThat(tokens.families).containsExactly(Optional.empty());
    }

    @Test
    void exchangeWhenOfflineAccessWasGrantedThenTheFamilyIsOffline() {
        ClientSnapshot offlineOnly = client(ClientType.PUBLIC, Set.of("authorization_code", "refresh_token"), true);
        codes.issue("code", code(offlineOnly).scope(Scope.parse("openid offline_access")));

        exchange.exchange("code", Optional.of(VERIFIER), Optional.of(REDIRECT_URI), offlineOnly);

        assertThat(tokens.families.get(0).orElseThrow().offline()).isTrue();
    }

    private static void assertRefused(Exchange outcome, OAuthError error, String description) {
        assertThat(outcome).isInstanceOf(Exchange.Refused.class);
        Exchange.Refused refused = (Exchange.Refused) outcome;
        assertThat(refused.error().error()).isEqualTo(error);
        assertThat(refused.error().description()).isEqualTo(description);
    }

    private CodeExchange exchange(boolean requirePkce) {
        OidConfig config = OidConfig.load(ConfigSource.of(Map.of("JWT_ISSUER", "https://oid.example.com",
                "DATABASE_URL", "postgres://ods:pw@db:5432/ods?search_path=oid", "OID_REQUIRE_PKCE", String.valueOf(requirePkce))), false);
        return new CodeExchange(codes, tokens, families, sessions, events, CLOCK, config);
    }

    private static ClientSnapshot client(ClientType type, Set<String> grants, boolean requireOfflineAccess) {
        return new ClientSnapshot(UUID.randomUUID(), "app-" + UUID.randomUUID(), TENANT, true, false, type, true, Optional.empty(),
                grants, List.of("openid", "profile", "offline_access"), List.of(), false, requireOfflineAccess, Optional.empty(),
                CLOCK.instant().minus(Duration.ofDays(1)));
    }

    /** A code of USER for the client, with an S256 challenge of VERIFIER, issued 10 seconds ago. */
    private static Code code(ClientSnapshot client) {
        return new Code(client.id(), Optional.empty(), true, SCOPE, Optional.of(new Pkce.Challenge(s256(VERIFIER))),
                CLOCK.instant().plusSeconds(50));
    }

    private static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What varies from one code to the next in these tests. */
    private record Code(UUID clientId, Optional<UUID> sessionId, boolean redirectUriGiven, Scope scope,
                        Optional<Pkce.Challenge> challenge, Instant expiresAt) {
        Code sessionId(Optional<UUID> session) {
            return new Code(clientId, session, redirectUriGiven, scope, challenge, expiresAt);
        }

        Code redirectUriGiven(boolean given) {
            return new Code(clientId, sessionId, given, scope, challenge, expiresAt);
        }

        Code scope(Scope granted) {
            return new Code(clientId, sessionId, redirectUriGiven, granted, challenge, expiresAt);
        }

        Code challenge(Optional<Pkce.Challenge> bound) {
            return new Code(clientId, sessionId, redirectUriGiven, scope, bound, expiresAt);
        }

        Code expiresAt(Instant at) {
            return new Code(clientId, sessionId, redirectUriGiven, scope, challenge, at);
        }
    }

    /** Codes in memory, redeemed as the table's consuming UPDATE does: the first use consumes, the next are replays. */
    private static final class Codes extends AuthorizationCodes {
        final Map<String, AuthorizationCodes.Bound> issued = new HashMap<>();
        final Set<String> consumed = new HashSet<>();
        final Map<String, IssuedToken> accessTokens = new HashMap<>();
        final List<String> replayed = new ArrayList<>();

        byte[] issue(String value, Code code) {
            byte[] hash = value.getBytes(StandardCharsets.UTF_8);
            issued.put(value, new AuthorizationCodes.Bound(hash, TENANT, code.clientId(), USER, code.sessionId(), REDIRECT_URI,
                    code.redirectUriGiven(), code.scope(), Optional.of("n-0S6_WzA2Mj"), code.challenge(),
                    Authentication.read(CLOCK.instant().minusSeconds(10), Optional.empty(), Optional.empty()), code.expiresAt(), Optional.empty(), Optional.empty(), ClaimsRequest.NONE));
            return hash;
        }

        @Override
        public Redemption redeem(String code) {
            AuthorizationCodes.Bound bound = issued.get(code);
            if (bound == null) {
                return new Redemption.Unknown();
            }
            return consumed.add(code) ? new Redemption.First(bound) : new Redemption.Replayed(bound);
        }

        @Override
        public void recordAccessToken(byte[] codeHash, IssuedToken token) {
            accessTokens.put(new String(codeHash, StandardCharsets.UTF_8), token);
        }

        @Override
        public void markReplayed(byte[] codeHash, Instant now) {
            replayed.add(new String(codeHash, StandardCharsets.UTF_8));
        }

        @Override
        public boolean revokeAccessToken(byte[] codeHash, Instant now) {
            return accessTokens.containsKey(new String(codeHash, StandardCharsets.UTF_8));
        }
    }

    /** Issues unsigned stand-ins and remembers the refresh token family asked for. */
    private static final class Tokens extends UserTokens {
        final List<Optional<UserTokens.Family>> families = new ArrayList<>();
        boolean userGone;

        @Override
        public Optional<Issued> issue(Grant grant, Optional<Family> family) {
            if (userGone) {
                return Optional.empty();
            }
            families.add(family);
            Instant now = CLOCK.instant();
            IssuedToken access = new IssuedToken("access", "jti-" + families.size(), now, now.plusSeconds(300));
            return Optional.of(new Issued(new TokenResponse("access", "Bearer", 300, grant.scope().toString(),
                    family.map(f -> "refresh").orElse(null), "id"), access));
        }
    }

    /** Counts the families a replay revokes: the one its first exchange started. */
    private static final class Families extends RefreshTokens {
        int revokedDescendants;

        @Override
        public int revokeDescendantsOf(byte[] authCodeHash, Instant now) {
            revokedDescendants++;
            return 1;
        }
    }

    private static final class LiveSessions extends Sessions {
        final Set<UUID> live = new HashSet<>();

        UUID live() {
            UUID session = UUID.randomUUID();
            live.add(session);
            return session;
        }

        @Override
        public boolean isLive(UUID sessionId) {
            return live.contains(sessionId);
        }
    }
}
