package com.orbusdigital.oid.oauth.code;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.orbusdigital.oid.testing.Fixtures;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RelyingParty;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.TestInfrastructure;
import com.orbusdigital.oid.testing.UserAgent;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PKCE (RFC 7636) as RFC 9700 §2.1.1 wants it: S256 only, required of every client while
 * OID_REQUIRE_PKCE keeps its default, and the verifier checked against the challenge the code was
 * bound to, including both downgrade directions. The authorization request's checks (a missing,
 * malformed or {@code plain} challenge, a method without challenge, OID_REQUIRE_PKCE) are unit tests
 * of {@code AuthorizationChecks}; one of them stays here, end to end.
 */
@OidIT
class PkceIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REDIRECT_URI = "https://app.example/callback";

    private RunningOid oid;

    private String issuer;

    @BeforeEach
    void setUp() throws Exception {
        issuer = oid.issuer();
    }

    private SignInScenario scenario(String type, String clientExtra) throws Exception {
        return SignInScenario.create(oid.root(), issuer, REDIRECT_URI, type, clientExtra);
    }

    /** The code of a complete sign-in with this request. */
    private static String signIn(SignInScenario scenario, Map<String, String> request) {
        return scenario.code(scenario.signIn(new UserAgent(), request, SignInScenario.PASSWORD), request);
    }

    private static void assertTokenError(Http.Response response, String error, String description) throws Exception {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.header("Cache-Control")).contains("no-store");
        assertThat(response.json()).isEqualTo(JSON.createObjectNode().put("error", error).put("error_description", description));
    }

    /** A 302 back to the client carrying exactly error, error_description, state and iss. */
    private void assertRedirectedError(Http.Response response, Map<String, String> request, String error, String description) {
        assertThat(response.status()).as(response.body()).isEqualTo(302);
        assertThat(response.header("Location")).hasValueSatisfying(location -> assertThat(location).startsWith(REDIRECT_URI + "?"));
        assertThat(UserAgent.redirectParameters(response)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "error", error, "error_description", description, "state", request.get("state"), "iss", issuer));
    }

    @Test
    void anS256ChallengeAndItsVerifierGiveTokensToAPublicAndAConfidentialClient() throws Exception {
        RelyingParty rp = new RelyingParty(issuer, TestInfrastructure.AUDIENCE);
        for (String type : new String[] {"public", "confidential"}) {
            SignInScenario scenario = scenario(type, "");
            SignInScenario.Pkce pkce = SignInScenario.Pkce.create();
            Map<String, String> request = scenario.authorizationRequest(pkce);

            Http.Response tokens = scenario.exchange(signIn(scenario, request), pkce);

            assertThat(tokens.status()).as(type + ": " + tokens.body()).isEqualTo(200);
            assertThat(rp.verifyAccessToken(tokens.json().path("access_token").asText()).getStringClaim("client_id"))
                    .isEqualTo(scenario.clientId);
        }
    }

    @Test
    void aPublicClientWithoutCodeChallengeIsSentBackInvalidRequest() throws Exception {
        SignInScenario scenario = scenario("public", "");
        Map<String, String> request = scenario.authorizationRequest(SignInScenario.Pkce.create());
        request.remove("code_challenge");
        request.remove("code_challenge_method");

        assertRedirectedError(new UserAgent().get(scenario.authorizeUri(request)), request,
                "invalid_request", "code_challenge is required (PKCE with S256)");
    }

    @Test
    void aWrongVerifierIsInvalidGrantAndBurnsTheCode() throws Exception {
        SignInScenario scenario = scenario("public", "");
        SignInScenario.Pkce pkce = SignInScenario.Pkce.create();
        Map<String, String> request = scenario.authorizationRequest(pkce);
        String code = signIn(scenario, request);

        Http.Response wrong = scenario.exchange(code, SignInScenario.Pkce.create());

        assertTokenError(wrong, "invalid_grant", "code_verifier does not match the code_challenge");
        // the code was consumed by the failed attempt: no second guess, even with the right verifier
        assertTokenError(scenario.exchange(code, pkce), "invalid_grant",
                "the authorization code is invalid, expired or was already used");
    }

    @Test
    void aMissingVerifierForACodeWithAChallengeIsInvalidGrant() throws Exception {
        SignInScenario scenario = scenario("confidential", "");
        Map<String, String> request = scenario.authorizationRequest(SignInScenario.Pkce.create());
        String code = signIn(scenario, request);

        Http.Response response = scenario.token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT_URI));

        assertTokenError(response, "invalid_grant", "code_verifier is required for this code");
    }

    @Test
    void aMalformedVerifierIsInvalidRequest() throws Exception {
        SignInScenario scenario = scenario("public", "");
        Map<String, String> request = scenario.authorizationRequest(SignInScenario.Pkce.create());
        String code = signIn(scenario, request);

        Http.Response response = scenario.token(Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", REDIRECT_URI, "code_verifier", "too-short-0123456789"));

        assertTokenError(response, "invalid_request", "code_verifier must be 43 to 128 characters of [A-Za-z0-9._~-]");
    }

    @Test
    void aVerifierForACodeIssuedWithoutChallengeIsRefusedAsADowngrade() throws Exception {
        // With OID_REQUIRE_PKCE on (the default) OID issues no code without a challenge, so the
        // code an attacker would have to use is written straight into auth_codes.
        SignInScenario scenario = scenario("confidential", ",\"require_pkce\":false");
        Fixtures fixtures = oid.fixtures();
        String code = "downgrade-" + UUID.randomUUID();
        fixtures.authCode(code, UUID.fromString(scenario.tenantId), fixtures.clientKey(scenario.clientId),
                UUID.fromString(scenario.userId), REDIRECT_URI, "openid", null, Instant.now().plusSeconds(60));

        Http.Response response = scenario.exchange(code, SignInScenario.Pkce.create());

        assertTokenError(response, "invalid_grant", "code_verifier sent for a code issued without code_challenge");
    }

    @Test
    void aCodeWithoutChallengeIsRefusedWithoutVerifierTooWhileEveryClientMustUsePkce() throws Exception {
        // defence in depth: such a code should not exist, but if one does it must not skip PKCE
        SignInScenario scenario = scenario("confidential", ",\"require_pkce\":false");
        Fixtures fixtures = oid.fixtures();
        String code = "no-challenge-" + UUID.randomUUID();
        fixtures.authCode(code, UUID.fromString(scenario.tenantId), fixtures.clientKey(scenario.clientId),
                UUID.fromString(scenario.userId), REDIRECT_URI, "openid", null, Instant.now().plusSeconds(60));

        Http.Response response = scenario.token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT_URI));

        assertTokenError(response, "invalid_grant", "this client must use PKCE, and the code was issued without code_challenge");
    }

    @Test
    void aCodeWrittenByTheFixtureWithAChallengeIsRedeemable() throws Exception {
        // the control of the downgrade test above: the same kind of row, bound to a challenge, works
        SignInScenario scenario = scenario("confidential", "");
        Fixtures fixtures = oid.fixtures();
        SignInScenario.Pkce pkce = SignInScenario.Pkce.create();
        String code = "control-" + UUID.randomUUID();
        fixtures.authCode(code, UUID.fromString(scenario.tenantId), fixtures.clientKey(scenario.clientId),
                UUID.fromString(scenario.userId), REDIRECT_URI, "openid", pkce.challenge(), Instant.now().plusSeconds(60));

        Http.Response response = scenario.exchange(code, pkce);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(new RelyingParty(issuer, TestInfrastructure.AUDIENCE)
                .verifyAccessToken(response.json().path("access_token").asText()).getSubject()).isEqualTo(scenario.userId);
    }
}
