package com.orbusdigital.oid.oauth.authorize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.orbusdigital.oid.testing.AdminClient;
import com.orbusdigital.oid.testing.Browser;
import com.orbusdigital.oid.testing.CallbackServer;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.OutboxRows;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.TestInfrastructure;
import com.orbusdigital.oid.testing.UserAgent;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * Consent for third-party applications (issue 17, item 7, and the connected applications of item 9):
 * a client with {@code first_party: false} gets its code only once its user allowed the scopes it
 * asks for, on a page naming it, its tenant and each scope in words. Accepted in a real browser
 * (Chromium) by a relying party that knows only the issuer (Nimbus), refused (access_denied),
 * remembered, asked again for wider scopes and under prompt=consent, consent_required under
 * prompt=none; revoked by the user on /account/applications and by an administrator, each ending the
 * client's refresh and access tokens at once; a first-party client never asks; another tenant's
 * administrator finds nothing. One tenant for the class, made by the first test that needs it.
 */
@OidIT
class ConsentIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String WIDE = "openid profile email offline_access docs:read";

    private static SignInScenario thirdParty;

    private RunningOid oid;

    /** The class's tenant: its user, and a public third-party client asking for its own scope docs:read besides OIDC's. */
    private SignInScenario thirdParty(String redirectUri) {
        if (thirdParty == null) {
            thirdParty = SignInScenario.create(oid.root(), oid.issuer(), redirectUri, "public", ",\"first_party\":false");
        }
        return thirdParty;
    }

    @Test
    void aRelyingPartyGetsItsCodeOnlyOnceTheUserAllowedItsScopesInTheBrowserAndTheAnswerIsRemembered() throws Exception {
        try (CallbackServer application = CallbackServer.start(); Browser browser = Browser.start()) {
            String callback = application.uri("/callback");
            SignInScenario scenario = SignInScenario.create(oid.root(), oid.issuer(), callback, "public", ",\"first_party\":false");
            OIDCProviderMetadata op = OIDCProviderMetadata.resolve(new Issuer(oid.issuer()));
            ClientID client = new ClientID(scenario.clientId);
            WebDriver page = browser.driver();

            // a narrow request first: sign in, then the consent page instead of the redirect
            CodeVerifier verifier = new CodeVerifier();
            State state = new State();
            Nonce nonce = new Nonce();
            browser.open(request(op, client, callback, "openid email", state, nonce, verifier, null));
            page.findElement(By.id("username")).sendKeys(scenario.username);
            page.findElement(By.id("password")).sendKeys(SignInScenario.PASSWORD);
            page.findElement(By.cssSelector("form button[type=submit]")).click();
            page.manage().timeouts().implicitlyWait(WAIT);
            // the consent page once the password's answer has replaced the login page (only it has this button): the
            // login page's own heading, read before, goes stale under the test
            page.findElement(By.cssSelector("button[value=allow]"));
            assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Allow Billing Portal?");
            String consent = page.findElement(By.tagName("main")).getText();
            assertThat(consent).contains("Billing Portal asks for access to your Tenant " + scenario.tenant + " account.",
                    "Confirm who you are", "See your email address").doesNotContain("See your name");
            assertThat(browser.currentUrl()).as("still on OID: no code yet").startsWith(oid.issuer() + "/login");
            browser.screenshot("consent");
            page.findElement(By.cssSelector("button[value=allow]")).click();

            Map<String, String> answer = application.awaitRequest("/callback", WAIT);
            assertThat(answer.get("state")).isEqualTo(state.getValue());
            assertThat(answer.get("iss")).isEqualTo(oid.issuer());
            TokenResponse exchanged = OIDCTokenResponseParser.parse(new TokenRequest(op.getTokenEndpointURI(), client,
                    new AuthorizationCodeGrant(new AuthorizationCode(answer.get("code")), URI.create(callback), verifier)).toHTTPRequest()
                    .send());
            assertThat(exchanged.indicatesSuccess()).isTrue();
            new IDTokenValidator(op.getIssuer(), client, JWSAlgorithm.RS256, op.getJWKSetURI().toURL())
                    .validate(((OIDCTokenResponse) exchanged.toSuccessResponse()).getOIDCTokens().getIDToken(), nonce);

            // remembered: the same scopes again, or fewer, go straight back with a code
            State again = new State();
            browser.open(request(op, client, callback, "openid", again, new Nonce(), new CodeVerifier(), null));
            Map<String, String> silent = application.awaitRequest("/callback", WAIT);
            assertThat(silent.get("state")).isEqualTo(again.getValue());
            assertThat(silent.get("code")).isNotBlank();

            // wider: only the new scopes are asked for, the client's own one by its name
            State wider = new State();
            browser.open(request(op, client, callback, WIDE, wider, new Nonce(), new CodeVerifier(), null));
            assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Allow Billing Portal?");
            assertThat(page.findElement(By.tagName("main")).getText()).contains("See your name and basic profile",
                    "Keep this access while you are not signed in", "Use “docs:read” on your behalf")
                    .doesNotContain("See your email address");
            page.findElement(By.cssSelector("button[value=allow]")).click();
            assertThat(application.awaitRequest("/callback", WAIT).get("state")).isEqualTo(wider.getValue());

            // prompt=consent asks again, for everything; Deny is access_denied back to the client, with state and iss
            State forced = new State();
            browser.open(request(op, client, callback, WIDE, forced, new Nonce(), new CodeVerifier(), "consent"));
            assertThat(page.findElement(By.tagName("main")).getText()).contains("See your email address", "See your name");
            page.findElement(By.cssSelector("button[value=deny]")).click();
            Map<String, String> refused = application.awaitRequest("/callback", WAIT);
            assertThat(refused).containsEntry("error", "access_denied").containsEntry("state", forced.getValue())
                    .containsEntry("iss", oid.issuer()).doesNotContainKey("code");

            assertThat(consentEvents(scenario.userId, "oid.consent.granted")).hasSize(2);
        }
    }

    @Test
    void promptNoneAnswersConsentRequiredUntilTheUserAllowsAndAFirstPartyClientNeverAsks() {
        SignInScenario scenario = thirdParty("https://partner.example/callback");
        UserAgent agent = new UserAgent();
        SignInScenario.Pkce pkce = SignInScenario.Pkce.create();
        Map<String, String> request = scenario.authorizationRequest(pkce);

        Http.Response consent = scenario.signIn(agent, request, SignInScenario.PASSWORD);
        assertThat(consent.status()).isEqualTo(200);
        assertThat(consent.body()).contains("Allow Billing Portal?", "name=\"decision\" value=\"allow\"");
        assertThat(consent.header("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'none'", "form-action 'self' https://partner.example").doesNotContain("script-src"));
        // in French too, as the login page is (ui_locales), from the live session
        Http.Response french = agent.get(scenario.authorizeUri(with(request, "ui_locales", "fr")));
        assertThat(french.body()).contains("Autoriser Billing Portal\u202f?", "Refuser");

        // signed in, but not allowed yet: prompt=none cannot ask
        Map<String, String> silent = with(request, "prompt", "none");
        Http.Response required = agent.get(scenario.authorizeUri(silent));
        assertThat(required.status()).isEqualTo(302);
        assertThat(UserAgent.redirectParameters(required)).containsEntry("error", "consent_required")
                .containsEntry("state", request.get("state")).containsEntry("iss", oid.issuer());

        // a form without the page's CSRF field allows nothing
        Map<String, String> forged = new LinkedHashMap<>(UserAgent.hiddenFields(consent.body()));
        forged.put("csrf", "1765000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        forged.put("decision", "allow");
        Http.Response refused = agent.postForm(URI.create(UserAgent.formAction(consent.body())), forged);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("This page has expired");
        assertThat(agent.get(scenario.authorizeUri(silent)).header("Location")).hasValueSatisfying(location ->
                assertThat(location).contains("error=consent_required"));

        Http.Response allowed = agent.submit(consent, Map.of("decision", "allow"));
        assertThat(scenario.exchange(scenario.code(allowed, request), pkce).status()).isEqualTo(200);
        Http.Response answered = agent.get(scenario.authorizeUri(silent));
        assertThat(UserAgent.redirectParameters(answered)).containsKey("code").doesNotContainKey("error");

        // a first-party client (the default) of the same tenant signs the same user in without a word about consent
        JsonNode own = scenario.admin.post("admin/tenants/" + scenario.tenant + "/clients", "{\"name\":\"Own app\",\"type\":\"public\","
                + "\"redirect_uris\":[\"https://own.example/cb\"],\"grant_types\":[\"authorization_code\"]}").json();
        assertThat(own.path("first_party").asBoolean(false)).isTrue();
        Map<String, String> ownRequest = with(with(request, "client_id", own.path("client_id").asText()), "redirect_uri", "https://own.example/cb");
        ownRequest.put("scope", "openid profile email");
        UserAgent another = new UserAgent();
        Http.Response straight = another.get(scenario.authorizeUri(ownRequest));
        Http.Response signedIn = another.submit(straight, Map.of("username", scenario.username, "password", SignInScenario.PASSWORD));
        assertThat(signedIn.status()).isEqualTo(303);
        assertThat(UserAgent.redirectParameters(signedIn)).containsKey("code");
    }

    @Test
    void aConsentRevokedByTheUserOrAnAdministratorEndsTheClientsTokensAndIsAskedForAgain() {
        SignInScenario scenario = thirdParty("https://partner.example/callback");
        UserAgent agent = new UserAgent();
        JsonNode tokens = allowed(scenario, agent);

        // the user, in another browser: the applications page sends it to sign in through the account client and back
        UserAgent account = new UserAgent();
        Http.Response start = account.get(URI.create(oid.issuer() + "/account/applications?tenant=" + scenario.tenant));
        assertThat(start.status()).isEqualTo(302);
        Http.Response login = account.get(URI.create(start.header("Location").orElseThrow()));
        Http.Response back = account.submit(login, Map.of("username", scenario.username, "password", SignInScenario.PASSWORD));
        assertThat(back.header("Location")).contains(oid.issuer() + "/account/applications");
        Http.Response listed = account.get(URI.create(back.header("Location").orElseThrow()));
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).contains("Connected applications", "Billing Portal", "See your email address", "Use “docs:read”");
        Map<String, String> revoke = new LinkedHashMap<>(UserAgent.hiddenFields(listed.body()));
        assertThat(revoke).containsEntry("client_id", scenario.clientId);
        Http.Response revoked = account.postForm(URI.create(UserAgent.formAction(listed.body())), revoke);
        assertThat(revoked.status()).isEqualTo(303);
        Http.Response after = account.get(URI.create(revoked.header("Location").orElseThrow()));
        assertThat(after.body()).contains("Access has been removed", "You have not allowed any application");
        assertEnded(scenario, agent, tokens);
        assertThat(consentEvents(scenario.userId, "oid.consent.revoked").get(0)).contains("\"by\":\"user\"", scenario.clientId);

        // asked again at the next authorization; then an administrator revokes it
        tokens = allowed(scenario, agent);
        String consents = "admin/tenants/" + scenario.tenant + "/users/" + scenario.userId + "/consents";
        AdminClient admin = scenario.admin.tenantAdmin(scenario.tenant);
        JsonNode list = admin.get(consents).json();
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("client_id").asText()).isEqualTo(scenario.clientId);
        assertThat(list.get(0).path("client_name").asText()).isEqualTo("Billing Portal");
        assertThat(list.get(0).path("scopes").toString()).contains("openid", "offline_access", "docs:read");

        // another tenant's administrator: 404 for the user, as if it did not exist, and nothing is revoked
        AdminClient stranger = scenario.admin.tenantAdmin(scenario.admin.createTenant("other"));
        assertThat(stranger.get(consents).status()).isEqualTo(404);
        assertThat(stranger.delete(consents + "/" + scenario.clientId).status()).isEqualTo(404);
        Http.Response refreshed = scenario.refresh(tokens.path("refresh_token").asText());
        assertThat(refreshed.status()).isEqualTo(200);
        tokens = refreshed.json();

        assertThat(admin.delete(consents + "/no-such-client").status()).isEqualTo(404);
        assertThat(admin.delete(consents + "/" + scenario.clientId).status()).isEqualTo(204);
        assertThat(admin.delete(consents + "/" + scenario.clientId).status()).isEqualTo(404);
        assertThat(admin.get(consents).json()).isEmpty();
        assertEnded(scenario, agent, tokens);
        assertThat(consentEvents(scenario.userId, "oid.consent.revoked")).hasSize(2)
                .anySatisfy(payload -> assertThat(payload).contains("\"by\":\"admin\"", "\"admin_client_id\""));

        // and first_party is the admin API's to change: a first-party client asks no more
        String client = "admin/tenants/" + scenario.tenant + "/clients/" + scenario.clientId;
        String etag = scenario.admin.get(client).header("ETag").orElseThrow();
        Http.Response patched = scenario.admin.call("PATCH", client, "{\"first_party\":true}", "If-Match", etag);
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().path("first_party").asBoolean(false)).isTrue();
        Map<String, String> request = scenario.authorizationRequest(SignInScenario.Pkce.create());
        assertThat(agent.get(scenario.authorizeUri(request)).status()).as("a code, no page").isEqualTo(302);
        assertThat(scenario.admin.call("PATCH", client, "{\"first_party\":\"no\"}", "If-Match",
                scenario.admin.get(client).header("ETag").orElseThrow()).status()).isEqualTo(400);
        scenario.admin.call("PATCH", client, "{\"first_party\":false}", "If-Match", scenario.admin.get(client).header("ETag").orElseThrow());
    }

    /** A sign-in of the scenario's user through the consent page (the form when the agent has no session), allowed; its tokens. */
    private static JsonNode allowed(SignInScenario scenario, UserAgent agent) {
        SignInScenario.Pkce pkce = SignInScenario.Pkce.create();
        Map<String, String> request = scenario.authorizationRequest(pkce);
        request.put("scope", WIDE);
        Http.Response page = agent.get(scenario.authorizeUri(request));
        if (page.body().contains("name=\"password\"")) {
            page = agent.submit(page, Map.of("username", scenario.username, "password", SignInScenario.PASSWORD));
        }
        assertThat(page.status()).as("the consent page").isEqualTo(200);
        assertThat(page.body()).contains("Allow Billing Portal?");
        Http.Response tokens = scenario.exchange(scenario.code(agent.submit(page, Map.of("decision", "allow")), request), pkce);
        assertThat(tokens.status()).isEqualTo(200);
        return tokens.json();
    }

    /** The consent's tokens no longer work: the refresh token refused, the access token too; the session's next request must ask again. */
    private void assertEnded(SignInScenario scenario, UserAgent agent, JsonNode tokens) {
        Http.Response refresh = scenario.refresh(tokens.path("refresh_token").asText());
        assertThat(refresh.status()).isEqualTo(400);
        assertThat(refresh.json().path("error").asText()).isEqualTo("invalid_grant");
        assertThat(Http.get(URI.create(oid.issuer() + "/userinfo"), "Authorization", "Bearer " + tokens.path("access_token").asText())
                .status()).isEqualTo(401);
        Map<String, String> request = with(scenario.authorizationRequest(SignInScenario.Pkce.create()), "prompt", "none");
        request.put("scope", WIDE);
        Http.Response silent = agent.get(scenario.authorizeUri(request));
        assertThat(UserAgent.redirectParameters(silent)).containsEntry("error", "consent_required");
    }

    private static List<String> consentEvents(String userId, String type) {
        try {
            return OutboxRows.rows(TestInfrastructure.postgres()).stream()
                    .filter(row -> row.type().equals(type) && row.payload().contains(userId)).map(OutboxRows.Row::payload).toList();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> with(Map<String, String> request, String name, String value) {
        Map<String, String> changed = new LinkedHashMap<>(request);
        changed.put(name, value);
        return changed;
    }

    private static String request(OIDCProviderMetadata op, ClientID client, String callback, String scope, State state, Nonce nonce,
                                  CodeVerifier verifier, String prompt) throws com.nimbusds.oauth2.sdk.ParseException {
        AuthenticationRequest.Builder builder = new AuthenticationRequest.Builder(ResponseType.CODE, Scope.parse(scope), client,
                URI.create(callback)).endpointURI(op.getAuthorizationEndpointURI()).state(state).nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256);
        if (prompt != null) {
            builder.prompt(com.nimbusds.openid.connect.sdk.Prompt.parse(prompt));
        }
        return builder.build().toURI().toString();
    }
}
