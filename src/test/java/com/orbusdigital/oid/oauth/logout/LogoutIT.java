package com.orbusdigital.oid.oauth.logout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.orbusdigital.oid.testing.EventStream;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.Responses;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.UserAgent;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OpenID Connect RP-Initiated Logout 1.0 at /logout: who may end the session without asking, the
 * confirmation form and its CSRF guard, where the browser goes afterwards, what happens to refresh
 * tokens, and the signed_out event.
 */
@OidIT
class LogoutIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunningOid oid;

    private SignInScenario scenario;
    /** Registered by SignInScenario beside the redirect URI. */
    private String signedOutUri;

    @BeforeEach
    void setUp() throws Exception {
        scenario = SignInScenario.create(oid.root(), oid.issuer(), "https://app.example/callback", "public", "");
        signedOutUri = scenario.redirectUri + "/signed-out";
    }

    @Test
    void aHintOfTheSignedInUserEndsTheSessionAndReturnsToTheRegisteredUriWithState() {
        UserAgent agent = new UserAgent();
        String hint = scenario.signedIn(agent).path("id_token").asText();
        String cookie = agent.cookie("oid_session").orElseThrow().getValue();
        String state = "bye-" + UUID.randomUUID();

        Http.Response answer = agent.get(logoutUri(Map.of("id_token_hint", hint, "post_logout_redirect_uri", signedOutUri, "state", state)));

        assertThat(answer.status()).isEqualTo(302);
        assertThat(answer.header("Location")).hasValue(signedOutUri + "?state=" + state);
        assertSessionCookieCleared(answer);
        assertThat(agent.cookie("oid_session")).isEmpty();
        assertThat(silentAuthorize(agent)).containsEntry("error", "login_required");
        // and on the server: the old cookie, sent again, names no session
        assertThat(silentAuthorize(cookie)).containsEntry("error", "login_required");
    }

    @Test
    void withoutAHintTheUserConfirmsAndThenTheSessionEnds() {
        UserAgent agent = new UserAgent();
        scenario.signedIn(agent);

        Http.Response confirmation = agent.get(logoutUri(Map.of()));

        assertThat(confirmation.status()).isEqualTo(200);
        assertThat(confirmation.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(confirmation.body()).contains("<form", "Sign out").doesNotContainIgnoringCase("<script");
        assertThat(UserAgent.formAction(confirmation.body())).isEqualTo(scenario.issuer + "/logout");
        assertThat(UserAgent.hiddenFields(confirmation.body())).containsKeys("csrf", "confirm");
        assertThat(Responses.setCookie(confirmation, "oid_session")).isEmpty();
        assertThat(silentAuthorize(agent)).containsKey("code"); // asking changed nothing

        Http.Response signedOut = agent.submit(confirmation, Map.of());

        assertThat(signedOut.status()).isEqualTo(200);
        assertThat(signedOut.body()).contains("You are signed out").doesNotContain("<form");
        assertSessionCookieCleared(signedOut);
        assertThat(silentAuthorize(agent)).containsEntry("error", "login_required");
    }

    @Test
    void aConfirmedLogoutNamingTheClientReturnsToItsRegisteredUri() {
        UserAgent agent = new UserAgent();
        scenario.signedIn(agent);
        String state = "bye-" + UUID.randomUUID();

        Http.Response confirmation = agent.get(logoutUri(Map.of("client_id", scenario.clientId,
                "post_logout_redirect_uri", signedOutUri, "state", state)));
        assertThat(confirmation.status()).isEqualTo(200);
        assertThat(confirmation.body()).contains("Billing Portal");

        Http.Response answer = agent.submit(confirmation, Map.of());

        assertThat(answer.status()).isEqualTo(303);
        assertThat(answer.header("Location")).hasValue(signedOutUri + "?state=" + state);
        assertSessionCookieCleared(answer);
        assertThat(silentAuthorize(agent)).containsEntry("error", "login_required");
    }

    @Test
    void aConfirmationWithAForgedCsrfFieldIsRefusedAndTheSessionSurvives() {
        UserAgent agent = new UserAgent();
        scenario.signedIn(agent);
        Http.Response confirmation = agent.get(logoutUri(Map.of()));

        Http.Response refused = agent.submit(confirmation, Map.of("csrf", "A".repeat(43)));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Location")).isEmpty();
        assertThat(refused.body()).contains("<form");
        assertThat(Responses.setCookie(refused, "oid_session")).isEmpty();
        assertThat(silentAuthorize(agent)).containsKey("code");

        String cookie = agent.cookie("oid_session").orElseThrow().getValue();
        Http.Response withoutCsrfCookie = Http.postForm(URI.create(scenario.issuer + "/logout"),
                UserAgent.encode(UserAgent.hiddenFields(confirmation.body())), "Cookie", "oid_session=" + cookie);
        assertThat(withoutCsrfCookie.status()).isEqualTo(403);
        assertThat(silentAuthorize(cookie)).containsKey("code");
    }

    @Test
    void aConfirmationIsBoundToItsSessionSoAPlantedCookieAndFieldSignNoOneElseOut() {
        // the attacker's own confirmation form: its CSRF cookie and field value
        UserAgent attacker = new UserAgent();
        scenario.signedIn(attacker);
        Http.Response attackersForm = attacker.get(logoutUri(Map.of()));
        String plantedCookie = attacker.cookie("oid_csrf").orElseThrow().getValue();
        UserAgent victim = new UserAgent();
        scenario.signedIn(victim);
        String victimsSession = victim.cookie("oid_session").orElseThrow().getValue();

        Http.Response refused = Http.postForm(URI.create(scenario.issuer + "/logout"),
                UserAgent.encode(UserAgent.hiddenFields(attackersForm.body())),
                "Cookie", "oid_session=" + victimsSession + "; oid_csrf=" + plantedCookie);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(Responses.setCookie(refused, "oid_session")).isEmpty();
        assertThat(silentAuthorize(victimsSession)).containsKey("code");
        // the attacker's form still signs the attacker out
        assertThat(attacker.submit(attackersForm, Map.of()).status()).isEqualTo(200);
        assertThat(silentAuthorize(attacker)).containsEntry("error", "login_required");
    }

    @Test
    void theConfirmationMayPostOnlyToOidAndRedirectOnlyToTheRegisteredUrisOrigin() {
        UserAgent agent = new UserAgent();
        scenario.signedIn(agent);

        Http.Response returning = agent.get(logoutUri(Map.of("client_id", scenario.clientId, "post_logout_redirect_uri", signedOutUri)));
        Http.Response staying = agent.get(logoutUri(Map.of()));
        Http.Response error = agent.get(logoutUri(Map.of("post_logout_redirect_uri", signedOutUri)));

        assertThat(returning.status()).isEqualTo(200);
        assertThat(returning.header("Content-Security-Policy")).hasValue("default-src 'none'; style-src 'self'; img-src 'self' data:; "
                + "base-uri 'none'; frame-ancestors 'none'; form-action 'self' https://app.example");
        assertThat(staying.status()).isEqualTo(200);
        assertThat(staying.header("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).endsWith("; form-action 'self'"));
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.header("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).endsWith("; form-action 'none'"));
    }

    @Test
    void anUnregisteredPostLogoutRedirectUriIsAnErrorPageAndEndsNothing() {
        UserAgent agent = new UserAgent();
        String hint = scenario.signedIn(agent).path("id_token").asText();

        Http.Response foreign = agent.get(logoutUri(Map.of("id_token_hint", hint, "post_logout_redirect_uri", "https://evil.example/",
                "state", "s")));
        Http.Response unnamed = agent.get(logoutUri(Map.of("post_logout_redirect_uri", signedOutUri)));

        for (Http.Response answer : List.of(foreign, unnamed)) {
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
            assertThat(answer.header("Location")).isEmpty();
            assertThat(answer.body()).doesNotContain("evil.example");
            assertThat(Responses.setCookie(answer, "oid_session")).isEmpty();
        }
        assertThat(silentAuthorize(agent)).containsKey("code");
    }

    @Test
    void withoutASessionTheSignedOutPageIsShownOrTheBrowserReturned() {
        Http.Response page = new UserAgent().get(logoutUri(Map.of()));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("You are signed out").doesNotContain("<form");
        assertThat(Responses.setCookie(page, "oid_session")).isEmpty();

        // a hint from a sign-in in another browser: this one has no session, yet the client gets its browser back
        String hint = scenario.signedIn(new UserAgent()).path("id_token").asText();
        Http.Response back = new UserAgent().get(logoutUri(Map.of("id_token_hint", hint, "post_logout_redirect_uri", signedOutUri,
                "state", "s1")));
        assertThat(back.status()).isEqualTo(302);
        assertThat(back.header("Location")).hasValue(signedOutUri + "?state=s1");
    }

    @Test
    void logoutRevokesTheSessionsRefreshTokensOfAClientThatAsksButNotOfflineOnes() throws Exception {
        SignInScenario revoking = SignInScenario.create(oid.root(), scenario.issuer, "https://app.example/callback", "public",
                ",\"revoke_refresh_tokens_on_logout\":true");
        UserAgent agent = new UserAgent();
        JsonNode online = signIn(revoking, agent, "openid profile");
        JsonNode offline = signIn(revoking, agent, SignInScenario.SCOPE); // the same session, silently
        assertThat(online.path("refresh_token").asText()).isNotBlank();
        assertThat(offline.path("refresh_token").asText()).isNotBlank();

        Http.Response answer = agent.get(logoutUri(Map.of("id_token_hint", online.path("id_token").asText())));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("You are signed out");

        Http.Response revoked = revoking.refresh(online.path("refresh_token").asText());
        assertThat(revoked.status()).isEqualTo(400);
        assertThat(revoked.json().path("error").asText()).isEqualTo("invalid_grant");
        assertThat(userinfo(online).status()).isEqualTo(401);
        assertThat(revoking.refresh(offline.path("refresh_token").asText()).status()).isEqualTo(200);
        assertThat(userinfo(offline).status()).isEqualTo(200);
        String sessionId = (String) Responses.idToken(online).getClaim("sid");
        JsonNode event = JSON.readTree(EventStream.await(revoking.tenantId, "oid.user.signed_out", sessionId).value());
        assertThat(event.path("data").path("refresh_tokens_revoked").asInt()).isEqualTo(1);
    }

    @Test
    void aClientThatDoesNotAskKeepsItsRefreshTokensAfterLogout() {
        UserAgent agent = new UserAgent();
        JsonNode online = signIn(scenario, agent, "openid profile");

        Http.Response answer = agent.get(logoutUri(Map.of("id_token_hint", online.path("id_token").asText())));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(silentAuthorize(agent)).containsEntry("error", "login_required");

        Http.Response refreshed = scenario.refresh(online.path("refresh_token").asText());
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        assertThat(userinfo(online).status()).isEqualTo(200);
    }

    @Test
    void theSignOutIsPublished() throws Exception {
        UserAgent agent = new UserAgent();
        JsonNode tokens = scenario.signedIn(agent);
        String sessionId = (String) Responses.idToken(tokens).getClaim("sid");

        assertThat(agent.get(logoutUri(Map.of("id_token_hint", tokens.path("id_token").asText(),
                "post_logout_redirect_uri", signedOutUri))).status()).isEqualTo(302);

        JsonNode event = JSON.readTree(EventStream.await(scenario.tenantId, "oid.user.signed_out", sessionId).value());
        assertThat(event.path("subject").asText()).isEqualTo(scenario.userId);
        JsonNode data = event.path("data");
        assertThat(data.path("tenant_id").asText()).isEqualTo(scenario.tenantId);
        assertThat(data.path("user_id").asText()).isEqualTo(scenario.userId);
        assertThat(data.path("session_id").asText()).isEqualTo(sessionId);
        assertThat(data.path("client_id").asText()).isEqualTo(scenario.clientId);
        assertThat(data.path("refresh_tokens_revoked").asInt()).isZero();
    }

    @Test
    void aPostWithTheSameParametersWorksLikeAGet() {
        UserAgent agent = new UserAgent();
        String hint = scenario.signedIn(agent).path("id_token").asText();
        String state = "bye-" + UUID.randomUUID();

        Http.Response answer = agent.postForm(URI.create(scenario.issuer + "/logout"),
                Map.of("id_token_hint", hint, "post_logout_redirect_uri", signedOutUri, "state", state));

        assertThat(answer.status()).isEqualTo(303); // after a POST, so the browser follows with a GET
        assertThat(answer.header("Location")).hasValue(signedOutUri + "?state=" + state);
        assertSessionCookieCleared(answer);
        assertThat(silentAuthorize(agent)).containsEntry("error", "login_required");
    }

    private URI logoutUri(Map<String, String> parameters) {
        return URI.create(scenario.issuer + "/logout" + (parameters.isEmpty() ? "" : "?" + UserAgent.encode(new LinkedHashMap<>(parameters))));
    }

    /** A whole sign-in (or a silent one, when the agent has a session) asking for this scope; answers the tokens. */
    private static JsonNode signIn(SignInScenario scenario, UserAgent agent, String scope) {
        SignInScenario.Pkce pkce = SignInScenario.Pkce.create();
        Map<String, String> request = scenario.authorizationRequest(pkce);
        request.put("scope", scope);
        Http.Response answer = agent.get(scenario.authorizeUri(request));
        if (answer.status() == 200) {
            answer = agent.submit(answer, Map.of("username", scenario.username, "password", SignInScenario.PASSWORD));
        }
        return Responses.exchange(scenario, answer, request, pkce);
    }

    /** The parameters OID redirects a prompt=none authorization of this browser back with. */
    private Map<String, String> silentAuthorize(UserAgent agent) {
        Map<String, String> request = scenario.authorizationRequest(SignInScenario.Pkce.create());
        request.put("prompt", "none");
        Http.Response answer = agent.get(scenario.authorizeUri(request));
        assertThat(answer.status()).isEqualTo(302);
        return UserAgent.redirectParameters(answer);
    }

    /** The same, for a browser holding exactly this session cookie. */
    private Map<String, String> silentAuthorize(String sessionCookie) {
        Map<String, String> request = scenario.authorizationRequest(SignInScenario.Pkce.create());
        request.put("prompt", "none");
        Http.Response answer = Http.get(scenario.authorizeUri(request), "Cookie", "oid_session=" + sessionCookie);
        assertThat(answer.status()).isEqualTo(302);
        return UserAgent.redirectParameters(answer);
    }

    private static void assertSessionCookieCleared(Http.Response answer) {
        String setCookie = Responses.setCookie(answer, "oid_session").orElseThrow(() -> new AssertionError("no oid_session cookie set"));
        assertThat(Responses.cookieValue(setCookie)).isEmpty();
        assertThat(Responses.cookieAttributes(setCookie)).contains("Max-Age=0", "Path=/", "HttpOnly");
    }

    private Http.Response userinfo(JsonNode tokens) {
        return Http.get(URI.create(scenario.issuer + "/userinfo"), "Authorization", "Bearer " + tokens.path("access_token").asText());
    }
}
