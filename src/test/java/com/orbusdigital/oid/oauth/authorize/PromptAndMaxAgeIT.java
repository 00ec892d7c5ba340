package com.orbusdigital.oid.oauth.authorize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.Responses;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.UserAgent;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OIDC Core §3.1.2.1 and §3.1.2.3: how prompt, max_age, login_hint and id_token_hint decide
 * between the existing sign-in session, the login form and an error sent back to the client.
 */
@OidIT
class PromptAndMaxAgeIT {

    private RunningOid oid;

    private SignInScenario scenario;

    @BeforeEach
    void setUp() throws Exception {
        scenario = SignInScenario.create(oid.root(), oid.issuer(), "https://app.example/callback", "public", "");
    }

    @Test
    void promptNoneWithoutASessionRedirectsLoginRequiredWithStateAndIssuer() {
        Map<String, String> request = scenario.authorizationRequest(SignInScenario.Pkce.create());
        request.put("prompt", "none");

        Http.Response answer = new UserAgent().get(scenario.authorizeUri(request));

        assertThat(answer.status()).isEqualTo(302);
        assertThat(answer.header("Location")).hasValueSatisfying(location -> assertThat(location).startsWith(scenario.redirectUri + "?"));
        Map<String, String> parameters = UserAgent.redirectParameters(answer);
        assertThat(parameters).containsEntry("error", "login_required")
                .containsEntry("state", request.get("state"))
                .containsEntry("iss", scenario.issuer)
                .doesNotContainKey("code");
    }

    @Test
    void promptNoneWithASessionAnswersACodeThatExchanges() {
        UserAgent agent = new UserAgent();
        JsonNode first = scenario.signedIn(agent);
        SignInScenario.Pkce pkce = SignInScenario.Pkce.create();
        Map<String, String> request = scenario.authorizationRequest(pkce);
        request.put("prompt", "none");

        Http.Response answer = agent.get(scenario.authorizeUri(request));

        assertThat(answer.status()).isEqualTo(302);
        JsonNode tokens = Responses.exchange(scenario, answer, request, pkce);
        JWTClaimsSet idToken = Responses.idToken(tokens);
        assertThat(idToken.getSubject()).isEqualTo(scenario.userId);
        assertThat(idToken.getClaim("nonce")).isEqualTo(request.get("nonce"));
        assertThat(idToken.getClaim("sid")).isEqualTo(Responses.idToken(first).getClaim("sid"));
    }

    @Test
    void promptLoginShowsTheFormDespiteASessionAndTheNewSignInIsAFreshAuthentication() throws Exception {
        UserAgent agent = new UserAgent();
        JWTClaimsSet before = Responses.idToken(scenario.signedIn(agent));
        SignInScenario.Pkce pkce = SignInScenario.Pkce.create();
        Map<String, String> request = scenario.authorizationRequest(pkce);
        request.put("prompt", "login");

        Http.Response page = agent.get(scenario.authorizeUri(request));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<form", "name=\"password\"");
        assertThat(UserAgent.hiddenFields(page.body())).containsEntry("prompt", "login");

        Http.Response redirect = agent.submit(page, Map.of("username", scenario.username, "password", SignInScenario.PASSWORD));
        assertThat(redirect.status()).isEqualTo(303);
        JWTClaimsSet after = Responses.idToken(Responses.exchange(scenario, redirect, request, pkce));
        assertThat(after.getLongClaim("auth_time")).isGreaterThanOrEqualTo(before.getLongClaim("auth_time"));
        assertThat(after.getClaim("sid")).isNotNull().isNotEqualTo(before.getClaim("sid"));
    }

    @Test
    void maxAgeZeroWithASessionShowsTheForm() {
        UserAgent agent = new UserAgent();
        scenario.signedIn(agent);
        Map<String, String> request = scenario.authorizationRequest(SignInScenario.Pkce.create());
        request.put("max_age", "0");

        Http.Response page = agent.get(scenario.authorizeUri(request));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<form", "name=\"password\"");
        assertThat(page.header("Location")).isEmpty();
    }

    @Test
    void aLargeMaxAgeWithAFreshSessionAnswersACodeAndTheIdTokenCarriesTheSessionsAuthTime() throws Exception {
        UserAgent agent = new UserAgent();
        long signedInAt = Responses.idToken(scenario.signedIn(agent)).getLongClaim("auth_time");
        SignInScenario.Pkce pkce = SignInScenario.Pkce.create();
        Map<String, String> request = scenario.authorizationRequest(pkce);
        request.put("max_age", "3600");

        Http.Response answer = agent.get(scenario.authorizeUri(request));

        assertThat(answer.status()).isEqualTo(302);
        JWTClaimsSet idToken = Responses.idToken(Responses.exchange(scenario, answer, request, pkce));
        assertThat(idToken.getLongClaim("auth_time")).isEqualTo(signedInAt).isLessThanOrEqualTo(Instant.now().getEpochSecond() + 5);
    }

    @Test
    void loginHintPrefillsTheUsernameEscaped() {
        Map<String, String> request = scenario.authorizationRequest(SignInScenario.Pkce.create());
        request.put("login_hint", "ada@example.com");

        Http.Response page = new UserAgent().get(scenario.authorizeUri(request));

        assertThat(page.status()).isEqualTo(200);
        assertThat(Responses.input(page.body(), "username")).containsEntry("value", "ada@example.com");

        request.put("login_hint", "a\"><script>alert(1)</script>");
        Http.Response hostile = new UserAgent().get(scenario.authorizeUri(request));
        assertThat(hostile.status()).isEqualTo(200);
        // the one script is OID's own passkey file (issue 16); nothing the hint carried became one
        assertThat(hostile.body().split("(?i)<script", -1)).hasSize(2);
        assertThat(hostile.body()).contains("<script src=\"assets/passkey.js\" defer></script>").doesNotContain("alert(1)</script>");
        assertThat(Responses.input(hostile.body(), "username"))
                .containsEntry("value", "a&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void idTokenHintOfTheSignedInUserAnswersACode() {
        UserAgent agent = new UserAgent();
        String hint = scenario.signedIn(agent).path("id_token").asText();
        SignInScenario.Pkce pkce = SignInScenario.Pkce.create();
        Map<String, String> request = scenario.authorizationRequest(pkce);
        request.put("id_token_hint", hint);

        Http.Response answer = agent.get(scenario.authorizeUri(request));

        assertThat(answer.status()).isEqualTo(302);
        assertThat(Responses.idToken(Responses.exchange(scenario, answer, request, pkce)).getSubject()).isEqualTo(scenario.userId);
    }

    @Test
    void idTokenHintOfAnotherUserShowsTheFormPrefilledWithThatUser() {
        Map.Entry<String, String> grace = Responses.secondUser(scenario);
        String graceHint = Responses.signedInAs(scenario, new UserAgent(), grace.getKey()).path("id_token").asText();
        UserAgent adasBrowser = new UserAgent();
        scenario.signedIn(adasBrowser);
        Map<String, String> request = scenario.authorizationRequest(SignInScenario.Pkce.create());
        request.put("id_token_hint", graceHint);

        Http.Response page = adasBrowser.get(scenario.authorizeUri(request));

        assertThat(page.status()).isEqualTo(200);
        assertThat(Responses.input(page.body(), "username")).containsEntry("value", grace.getKey());

        request.put("prompt", "none");
        Http.Response silent = adasBrowser.get(scenario.authorizeUri(request));
        assertThat(silent.status()).isEqualTo(302);
        assertThat(UserAgent.redirectParameters(silent)).containsEntry("error", "login_required").doesNotContainKey("code");
    }

    @Test
    void aGarbageIdTokenHintIsRedirectedAsInvalidRequest() {
        UserAgent agent = new UserAgent();
        scenario.signedIn(agent);
        Map<String, String> request = scenario.authorizationRequest(SignInScenario.Pkce.create());
        request.put("id_token_hint", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");

        Http.Response answer = agent.get(scenario.authorizeUri(request));

        assertThat(answer.status()).isEqualTo(302);
        assertThat(UserAgent.redirectParameters(answer)).containsEntry("error", "invalid_request")
                .containsEntry("state", request.get("state"))
                .containsEntry("iss", scenario.issuer)
                .doesNotContainKey("code");
    }

    @Test
    void aSessionOfOneTenantIsNotUsedForAClientOfAnother() throws Exception {
        UserAgent agent = new UserAgent();
        scenario.signedIn(agent);
        SignInScenario otherTenant = SignInScenario.create(oid.root(), scenario.issuer, "https://other.example/callback", "public", "");
        Map<String, String> request = otherTenant.authorizationRequest(SignInScenario.Pkce.create());

        Http.Response page = agent.get(otherTenant.authorizeUri(request));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<form", "Tenant " + otherTenant.tenant).doesNotContain("Tenant " + scenario.tenant);

        request.put("prompt", "none");
        Http.Response silent = agent.get(otherTenant.authorizeUri(request));
        assertThat(silent.status()).isEqualTo(302);
        assertThat(UserAgent.redirectParameters(silent)).containsEntry("error", "login_required");
    }
}
