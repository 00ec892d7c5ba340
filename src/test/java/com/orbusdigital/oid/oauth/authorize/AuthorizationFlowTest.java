package com.orbusdigital.oid.oauth.authorize;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.protocol.Proofs;
import com.orbusdigital.oid.protocol.Factor;
import com.orbusdigital.oid.client.Client;
import com.orbusdigital.oid.client.ClientType;
import com.orbusdigital.oid.oauth.FormParameters;
import com.orbusdigital.oid.session.SignInSession;
import com.orbusdigital.oid.tenant.Tenant;
import com.orbusdigital.oid.token.IdTokens;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * When a live sign-in session answers /authorize by itself, at a fixed instant (OIDC Core §3.1.2.1).
 * Whether a session is live at all — unused for OID_SESSION_IDLE_SECS, past OID_SESSION_MAX_SECS,
 * ended by logout or revoked — is decided by the SQL statements of {@code Sessions}, so only an
 * integration test can prove it (SessionExpiryIT; LogoutIT and AdminTokenRevocationIT end sessions).
 */
class AuthorizationFlowTest {

    private static final Instant NOW = Instant.parse("2026-11-24T05:00:00Z");
    private static final String CALLBACK = "https://app.example.com/callback";
    private static final UUID ADA = UUID.randomUUID();

    private final AuthorizationChecks checks = new AuthorizationChecks(id -> Optional.of(spa()), true);

    private static Client spa() {
        Client client = new Client(new Tenant("acme", "Acme", NOW), "spa", "spa", ClientType.PUBLIC, NOW);
        client.setRedirectUris(List.of(CALLBACK), NOW);
        client.setGrantTypes(List.of("authorization_code"), NOW);
        return client;
    }

    private AuthorizationRequest request(String extra) {
        String query = "client_id=spa&redirect_uri=" + CALLBACK + "&response_type=code&scope=openid&state=xyz"
                + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256" + extra;
        return checks.check(FormParameters.parse(query.getBytes(StandardCharsets.UTF_8)));
    }

    /** Ada's session, signed in {@code secondsAgo} before now. */
    private static SignInSession signedIn(long secondsAgo) {
        return new SignInSession(UUID.randomUUID(), UUID.randomUUID(), ADA, NOW.minusSeconds(secondsAgo), NOW.plusSeconds(1800),
                Proofs.of(Factor.PASSWORD, NOW.minusSeconds(secondsAgo)));
    }

    private boolean mustSignInAgain(String extra, SignInSession session, Optional<IdTokens.Hint> hint) {
        return AuthorizationFlow.mustSignInAgain(request(extra), session, hint, NOW);
    }

    @Test
    void aLiveSessionAnswersAPlainRequest() {
        assertThat(mustSignInAgain("", signedIn(36_000), Optional.empty())).isFalse();
    }

    @Test
    void promptLoginAlwaysAsksAgain() {
        assertThat(mustSignInAgain("&prompt=login", signedIn(0), Optional.empty())).isTrue();
    }

    @Test
    void maxAgeAsksAgainOnlyOnceTheSignInIsOlderThanIt() {
        assertThat(mustSignInAgain("&max_age=600", signedIn(599), Optional.empty())).isFalse();
        assertThat(mustSignInAgain("&max_age=600", signedIn(600), Optional.empty())).isFalse();
        assertThat(mustSignInAgain("&max_age=600", signedIn(601), Optional.empty())).isTrue();
    }

    @Test
    void maxAgeZeroAsksAgainUnlessTheSignInIsOfThisVerySecond() {
        assertThat(mustSignInAgain("&max_age=0", signedIn(1), Optional.empty())).isTrue();
        assertThat(mustSignInAgain("&max_age=0", signedIn(0), Optional.empty())).isFalse();
    }

    @Test
    void anIdTokenHintForSomeoneElseAsksAgain() {
        assertThat(mustSignInAgain("", signedIn(60), Optional.of(new IdTokens.Hint(ADA, "spa")))).isFalse();
        assertThat(mustSignInAgain("", signedIn(60), Optional.of(new IdTokens.Hint(UUID.randomUUID(), "spa")))).isTrue();
    }

    @Test
    void aClaimsRequestNamingAnotherSubjectAsksAgain() {
        String claims = "&claims=%7B%22id_token%22%3A%7B%22sub%22%3A%7B%22value%22%3A%22";
        assertThat(mustSignInAgain(claims + ADA + "%22%7D%7D%7D", signedIn(60), Optional.empty())).isFalse();
        assertThat(mustSignInAgain(claims + UUID.randomUUID() + "%22%7D%7D%7D", signedIn(60), Optional.empty())).isTrue();
    }
}
