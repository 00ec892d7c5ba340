package com.orbusdigital.oid.oauth.authorize;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ResponseMode;
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
import com.nimbusds.openid.connect.sdk.Prompt;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import com.orbusdigital.oid.testing.Browser;
import com.orbusdigital.oid.testing.CallbackServer;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.UserAgent;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.ChromiumDriver;

/**
 * Issue 18, item 6: {@code response_mode=form_post} (OAuth 2.0 Form Post Response Mode). A relying
 * party that knows only the issuer (Nimbus) asks for it; Chromium lands on its redirect URI as a POST
 * carrying code, state and iss — submitted by OID's own script, or, with script disabled, by the
 * person's click on Continue — and the code redeems; the errors after the redirect URI is trusted
 * (the consent's Deny, prompt=none without a session) are posted the same way. The page's headers
 * (a CSP without 'unsafe-inline' whose form-action is the client's origin, no-store, no referrer),
 * discovery, and the refusals: a response mode OID has not, and an unregistered redirect URI, which
 * is never posted to. One tenant and one application for the class; a third-party client, so that
 * its consent page is one of the steps the response mode crosses.
 */
@OidIT
class FormPostIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static CallbackServer application;
    private static SignInScenario scenario;

    private RunningOid oid;

    @BeforeAll
    static void startTheApplication() {
        application = CallbackServer.start();
    }

    @AfterAll
    static void stopTheApplication() {
        application.close();
    }

    private SignInScenario scenario() {
        if (scenario == null) {
            scenario = SignInScenario.create(oid.root(), oid.issuer(), application.uri("/callback"), "public", ",\"first_party\":false");
        }
        return scenario;
    }

    private static String formPost(OIDCProviderMetadata op, ClientID client, State state, Nonce nonce, CodeVerifier verifier,
                                   Prompt prompt) {
        return new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid", "email"), client,
                URI.create(scenario.redirectUri))
                .endpointURI(op.getAuthorizationEndpointURI()).responseMode(ResponseMode.FORM_POST)
                .state(state).nonce(nonce).codeChallenge(verifier, CodeChallengeMethod.S256).prompt(prompt)
                .build().toURI().toString();
    }

    private static void signIn(WebDriver page) {
        page.findElement(By.id("username")).sendKeys(scenario.username);
        page.findElement(By.id("password")).sendKeys(SignInScenario.PASSWORD);
        page.findElement(By.cssSelector("form button[type=submit]")).click();
    }

    /** The code of a POST to the callback after checking its state and iss; then redeemed, its ID token validated. */
    private void redeem(OIDCProviderMetadata op, ClientID client, Map<String, String> posted, State state, Nonce nonce,
                        CodeVerifier verifier) throws Exception {
        assertThat(posted).containsEntry("state", state.getValue()).containsEntry("iss", oid.issuer()).doesNotContainKey("error");
        TokenResponse exchanged = OIDCTokenResponseParser.parse(new TokenRequest(op.getTokenEndpointURI(), client,
                new AuthorizationCodeGrant(new AuthorizationCode(posted.get("code")), URI.create(scenario.redirectUri), verifier))
                .toHTTPRequest().send());
        assertThat(exchanged.indicatesSuccess()).as(() -> exchanged.toErrorResponse().getErrorObject().toString()).isTrue();
        new IDTokenValidator(op.getIssuer(), client, JWSAlgorithm.RS256, op.getJWKSetURI().toURL())
                .validate(((OIDCTokenResponse) exchanged.toSuccessResponse()).getOIDCTokens().getIDToken(), nonce);
    }

    @Test
    void theBrowserPostsTheResponseToTheRedirectUriByOidsScriptAndTheCodeRedeems() throws Exception {
        SignInScenario scenario = scenario();
        OIDCProviderMetadata op = OIDCProviderMetadata.resolve(new Issuer(oid.issuer()));
        assertThat(op.getResponseModes()).containsExactly(ResponseMode.QUERY, ResponseMode.FORM_POST);
        ClientID client = new ClientID(scenario.clientId);

        try (Browser browser = Browser.start()) {
            WebDriver page = browser.driver();
            page.manage().timeouts().implicitlyWait(WAIT);
            // the consent page's Deny: access_denied, posted with the state and iss
            State denied = new State();
            browser.open(formPost(op, client, denied, new Nonce(), new CodeVerifier(), null));
            signIn(page);
            page.findElement(By.cssSelector("button[value=deny]")).click();
            Map<String, String> error = application.awaitPost("/callback", WAIT);
            assertThat(error).containsEntry("error", "access_denied").containsEntry("state", denied.getValue())
                    .containsEntry("iss", oid.issuer()).containsKey("error_description").doesNotContainKey("code");

            // Allow: the code, posted; nothing of it in a URL
            State state = new State();
            Nonce nonce = new Nonce();
            CodeVerifier verifier = new CodeVerifier();
            browser.open(formPost(op, client, state, nonce, verifier, null));
            page.findElement(By.cssSelector("button[value=allow]")).click();
            redeem(op, client, application.awaitPost("/callback", WAIT), state, nonce, verifier);
            assertThat(browser.currentUrl()).isEqualTo(scenario.redirectUri);
        }

        // the page itself, as an HTTP client sees it: a sign-in whose consent was given above answers with the form at once
        UserAgent agent = new UserAgent();
        Map<String, String> request = scenario.authorizationRequest(SignInScenario.Pkce.create());
        request.put("scope", "openid email");
        request.put("response_mode", "form_post");
        Http.Response form = scenario.signIn(agent, request, SignInScenario.PASSWORD);
        assertThat(form.status()).isEqualTo(200);
        String csp = form.header("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline", "unsafe-eval")
                .endsWith("form-action " + application.uri(""));
        assertThat(form.header("Cache-Control")).contains("no-store");
        assertThat(form.header("Referrer-Policy")).contains("no-referrer");
        assertThat(form.header("Location")).isEmpty();
        assertThat(UserAgent.formAction(form.body())).isEqualTo(scenario.redirectUri);
        assertThat(UserAgent.hiddenFields(form.body())).containsOnlyKeys("code", "state", "iss")
                .containsEntry("state", request.get("state"));

        // a mode OID has not: invalid_request, in the query; an unregistered redirect URI: OID's page, never a post
        request.put("response_mode", "fragment");
        Http.Response refused = agent.get(scenario.authorizeUri(request));
        assertThat(refused.status()).isEqualTo(302);
        assertThat(UserAgent.redirectParameters(refused)).containsEntry("error", "invalid_request")
                .containsEntry("state", request.get("state")).doesNotContainKey("code");
        assertThat(refused.header("Location").orElseThrow()).startsWith(scenario.redirectUri + "?");
        request.put("response_mode", "form_post");
        request.put("redirect_uri", application.uri("/elsewhere"));
        Http.Response page = agent.get(scenario.authorizeUri(request));
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("Sign-in cannot continue").doesNotContain("<form method=\"post\" action=\"http");
    }

    @Test
    void withoutScriptThePersonPressesContinueForTheCodeAndForAnError() throws Exception {
        SignInScenario scenario = scenario();
        OIDCProviderMetadata op = OIDCProviderMetadata.resolve(new Issuer(oid.issuer()));
        ClientID client = new ClientID(scenario.clientId);

        try (Browser browser = Browser.start()) {
            WebDriver page = browser.driver();
            // Chromium without JavaScript from here on, for every page of this tab
            ((ChromiumDriver) page).executeCdpCommand("Emulation.setScriptExecutionDisabled", Map.of("value", true));
            page.manage().timeouts().implicitlyWait(WAIT);

            // prompt=none without a session: login_required, posted once Continue is pressed
            State none = new State();
            browser.open(formPost(op, client, none, new Nonce(), new CodeVerifier(), new Prompt(Prompt.Type.NONE)));
            assertThat(browser.currentUrl()).as("the page waits for the click").startsWith(oid.issuer() + "/authorize");
            assertThat(page.findElement(By.tagName("main")).getText()).contains("Continuing to Billing Portal…");
            browser.screenshot("form-post-without-script");
            page.findElement(By.cssSelector("form[data-form-post] button[type=submit]")).click();
            assertThat(application.awaitPost("/callback", WAIT)).containsEntry("error", "login_required")
                    .containsEntry("state", none.getValue()).containsEntry("iss", oid.issuer()).doesNotContainKey("code");

            // a whole sign-in, its consent included: the code once Continue is pressed
            State state = new State();
            Nonce nonce = new Nonce();
            CodeVerifier verifier = new CodeVerifier();
            browser.open(formPost(op, client, state, nonce, verifier, new Prompt(Prompt.Type.CONSENT)));
            signIn(page);
            page.findElement(By.cssSelector("button[value=allow]")).click();
            WebElement proceed = page.findElement(By.cssSelector("form[data-form-post] button[type=submit]"));
            assertThat(browser.currentUrl()).as("still on OID").startsWith(oid.issuer() + "/login");
            assertThat(proceed.getText()).isEqualTo("Continue");
            proceed.click();
            redeem(op, client, application.awaitPost("/callback", WAIT), state, nonce, verifier);
        }
    }
}
