package com.orbusdigital.oid.oauth.authorize;

import static org.assertj.core.api.Assertions.assertThat;

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
import com.nimbusds.openid.connect.sdk.claims.ACR;
import com.nimbusds.openid.connect.sdk.claims.AMR;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import com.orbusdigital.oid.testing.AuthenticatorApp;
import com.orbusdigital.oid.testing.Browser;
import com.orbusdigital.oid.testing.CallbackServer;
import com.orbusdigital.oid.testing.EventStream;
import com.orbusdigital.oid.testing.FactorRows;
import com.orbusdigital.oid.testing.Fixtures;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.SecondFactorSetup;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.TestInfrastructure;
import com.orbusdigital.oid.testing.UserAgent;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;

/**
 * One-time codes and recovery codes in a real browser (Chromium), the relying party the Nimbus SDK:
 * enrolment forced by the tenant's policy, a code as second factor, a wrong and a replayed one, a
 * recovery code used once, step-up through acr_values; and over HTTP, the lockout and input that
 * cannot be a code. The codes are computed here from the secret the page shows.
 */
@OidIT
class OneTimeCodeIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** OID_LOGIN_MAX_FAILURES, left at its default by the test container. */
    private static final int MAX_FAILURES = 10;
    private static final String WRONG_CODE = "That code is not right. Check it and try again.";

    private RunningOid oid;

    private CallbackServer application;
    private Browser browser;
    private SignInScenario scenario;
    private Fixtures fixtures;
    private UUID userId;
    private OIDCProviderMetadata op;

    @BeforeEach
    void setUp() throws Exception {
        application = CallbackServer.start();
        scenario = SignInScenario.create(oid.root(), oid.issuer(), application.uri("/callback"), "public", "");
        fixtures = oid.fixtures();
        userId = UUID.fromString(scenario.userId);
        op = OIDCProviderMetadata.resolve(new Issuer(oid.issuer()));
    }

    @AfterEach
    void tearDown() {
        if (browser != null) {
            browser.close();
        }
        application.close();
    }

    @Test
    void aRequiredPolicyHasTheUserSetUpAnAppAfterThePasswordThenShowsRecoveryCodesAndTheIdTokenSaysMfa() throws Exception {
        fixtures.mfaPolicy(UUID.fromString(scenario.tenantId), "required");
        WebDriver page = browser();
        Authorization authorization = authorize(Optional.empty());
        signInWithThePassword(page);
        chooseAnAppIfAsked(page);

        WebElement secret = await(page, By.id("otp-secret"));
        assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Set up an authenticator app");
        WebElement qr = page.findElement(By.cssSelector("img.qr"));
        assertThat(qr.getAttribute("src")).startsWith("data:image/svg+xml;base64,");
        assertThat(qr.getAttribute("alt")).isEqualTo("QR code to set up your authenticator app");
        assertThat((Boolean) script(page).executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0;", qr)).as("the QR code rendered").isTrue();
        assertThat(secret.getText()).matches("([A-Z2-7]{4} ){7}[A-Z2-7]{4}");
        WebElement field = page.findElement(By.id("code"));
        assertThat(field.getAttribute("autocomplete")).isEqualTo("one-time-code");
        assertThat(field.getAttribute("inputmode")).isEqualTo("numeric");
        assertThat(page.findElement(By.cssSelector("label[for=code]")).getText()).isNotBlank();
        browser.screenshot("otp-enrol");
        String shown = secret.getText();
        AuthenticatorApp app = new AuthenticatorApp(shown);

        submit(page, field, app.nextCode());

        List<WebElement> codes = awaitAll(page, By.cssSelector("#recovery-codes li"));
        assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Save your recovery codes");
        assertThat(codes).hasSize(10).extracting(WebElement::getText)
                .allMatch(code -> code.matches("[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}"));
        // answered at /login/otp: the page still finds its stylesheet, and its language switch /authorize
        assertThat(page.getCurrentUrl()).endsWith("/login/otp");
        assertThat(((Number) script(page).executeScript("return document.styleSheets[0].cssRules.length;")).longValue())
                .as("oid.css loaded").isPositive();
        assertThat(page.findElement(By.cssSelector("nav.languages a[lang=fr]")).getAttribute("href"))
                .startsWith(oid.issuer() + "/authorize?");
        browser.screenshot("recovery-codes");
        WebElement proceed = page.findElement(By.cssSelector("form[action$='/login/continue'] button"));
        proceed.click();

        IDTokenClaimsSet id = idToken(authorization);
        assertThat(id.getAMR()).extracting(AMR::getValue).contains("pwd", "otp", "mfa");
        assertThat(id.getACR()).isEqualTo(new ACR("mfa"));
        assertThat(EventStream.await(scenario.tenantId, "oid.user.totp_enabled", scenario.userId).value())
                .doesNotContain(app.lastCode()).doesNotContain(shown.replace(" ", ""));
        EventStream.await(scenario.tenantId, "oid.user.recovery_codes_generated", scenario.userId);
    }

    @Test
    void theNextSignInAsksForACodeCountsAWrongOneAndRefusesAReplay() throws Exception {
        AuthenticatorApp app = SecondFactorSetup.enrol(enrolling()).app();
        WebDriver page = browser();

        Authorization authorization = authorize(Optional.empty());
        signInWithThePassword(page);
        WebElement field = await(page, By.id("code"));
        assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Enter a code from your authenticator app");
        assertThat(field.getAttribute("autocomplete")).isEqualTo("one-time-code");
        submit(page, field, app.wrongCode());

        WebElement alert = await(page, By.cssSelector("[role=alert]"));
        assertThat(alert.getText()).isEqualTo(WRONG_CODE);
        assertThat(page.findElement(By.id("code")).getAttribute("aria-describedby")).isEqualTo("form-error");
        assertThat(fixtures.signInCounters(userId).failedLogins()).isEqualTo(1);
        browser.screenshot("otp-wrong");

        submit(page, page.findElement(By.id("code")), app.nextCode());
        IDTokenClaimsSet id = idToken(authorization);
        assertThat(id.getAMR()).extracting(AMR::getValue).contains("pwd", "otp", "mfa");
        assertThat(fixtures.signInCounters(userId).failedLogins()).as("a complete sign-in starts the count again").isZero();

        // the same code again, in another sign-in: refused, and counted
        page.manage().deleteAllCookies();
        authorize(Optional.empty());
        signInWithThePassword(page);
        submit(page, await(page, By.id("code")), app.lastCode());
        assertThat(await(page, By.cssSelector("[role=alert]")).getText()).isEqualTo(WRONG_CODE);
        assertThat(fixtures.signInCounters(userId).failedLogins()).isEqualTo(1);
    }

    @Test
    void aRecoveryCodeSignsInOnceAndItsUseIsAnnounced() throws Exception {
        List<String> recoveryCodes = SecondFactorSetup.enrol(enrolling()).recoveryCodes();
        WebDriver page = browser();
        // typed as people do: upper case, spaces for dashes
        String typed = recoveryCodes.get(0).toUpperCase(Locale.ROOT).replace('-', ' ');

        Authorization authorization = authorize(Optional.empty());
        signInWithThePassword(page);
        switchToRecoveryCode(page);
        submit(page, page.findElement(By.id("code")), typed);
        IDTokenClaimsSet id = idToken(authorization);
        assertThat(id.getAMR()).extracting(AMR::getValue).contains("pwd", "otp", "mfa");
        assertThat(id.getACR()).isEqualTo(new ACR("mfa"));
        assertThat(EventStream.await(scenario.tenantId, "oid.user.recovery_code_used", scenario.userId).value())
                .contains("\"remaining\":9", "\"client_id\":\"" + scenario.clientId + "\"")
                .doesNotContain(recoveryCodes.get(0)).doesNotContain(typed.replace(" ", ""));

        page.manage().deleteAllCookies();
        authorize(Optional.empty());
        signInWithThePassword(page);
        switchToRecoveryCode(page);
        submit(page, page.findElement(By.id("code")), recoveryCodes.get(0));
        assertThat(await(page, By.cssSelector("[role=alert]")).getText()).isEqualTo(WRONG_CODE);
        assertThat(page.findElements(By.id("password"))).isEmpty();
    }

    @Test
    void aSessionSignedInWithAPasswordAskedForMfaIsAskedForACodeAloneAndSteppedUp() throws Exception {
        UUID tenant = UUID.fromString(scenario.tenantId);
        fixtures.mfaPolicy(tenant, "off");
        WebDriver page = browser();
        Authorization first = authorize(Optional.empty());
        signInWithThePassword(page);
        IDTokenClaimsSet password = idToken(first);
        assertThat(password.getACR()).isEqualTo(new ACR("pwd"));
        // the user sets an app up elsewhere (another browser; the policy only makes that happen here)
        fixtures.mfaPolicy(tenant, "required");
        AuthenticatorApp app = SecondFactorSetup.enrol(scenario).app();
        fixtures.mfaPolicy(tenant, "off");

        Authorization stepUp = authorize(Optional.of("mfa"));
        WebElement field = await(page, By.id("code"));
        assertThat(page.findElements(By.id("password"))).as("no password asked again").isEmpty();
        submit(page, field, app.nextCode());

        IDTokenClaimsSet id = idToken(stepUp);
        assertThat(id.getACR()).isEqualTo(new ACR("mfa"));
        assertThat(id.getAMR()).extracting(AMR::getValue).contains("pwd", "otp", "mfa");
        assertThat(id.getSubject().getValue()).isEqualTo(scenario.userId);
    }

    @Test
    void enoughWrongCodesLockTheAccountAndARightCodeIsThenRefusedTheSameWay() {
        AuthenticatorApp app = SecondFactorSetup.enrol(enrolling()).app();
        UserAgent agent = new UserAgent();
        Map<String, String> request = scenario.authorizationRequest(SignInScenario.Pkce.create());
        Http.Response page = scenario.signIn(agent, request, SignInScenario.PASSWORD);

        for (int i = 1; i <= MAX_FAILURES; i++) {
            page = agent.submit(page, Map.of("code", app.wrongCode()));
            assertThat(page.status()).as("wrong code %d", i).isEqualTo(200);
            assertThat(page.body()).as("wrong code %d", i).contains(WRONG_CODE);
        }
        Fixtures.SignInCounters locked = fixtures.signInCounters(userId);
        assertThat(locked.lockouts()).isEqualTo(1);
        assertThat(locked.lockedUntil()).isPresent();

        page = agent.submit(page, Map.of("code", app.nextCode()));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains(WRONG_CODE).doesNotContain("locked");
        assertThat(page.header("Location")).isEmpty();
        assertThat(fixtures.signInCounters(userId)).isEqualTo(locked);
    }

    @Test
    void acrValuesAskedOfAFreshSignInSurviveTheLoginFormAndAskForTheCode() {
        AuthenticatorApp app = SecondFactorSetup.enrol(enrolling()).app();
        fixtures.mfaPolicy(UUID.fromString(scenario.tenantId), "off");
        Map<String, String> plain = scenario.authorizationRequest(SignInScenario.Pkce.create());
        assertThat(scenario.signIn(new UserAgent(), plain, SignInScenario.PASSWORD).status())
                .as("second factors off: the password alone").isEqualTo(303);

        UserAgent agent = new UserAgent();
        Map<String, String> request = scenario.authorizationRequest(SignInScenario.Pkce.create());
        request.put("acr_values", "mfa");
        Http.Response page = scenario.signIn(agent, request, SignInScenario.PASSWORD);

        assertThat(page.status()).as("the login form carried acr_values to /login").isEqualTo(200);
        assertThat(page.body()).contains("name=\"code\"");
        scenario.code(agent.submit(page, Map.of("code", app.nextCode())), request);
    }

    @Test
    void aPasswordAloneCannotSetUpAnotherAppForAUserWhoHasOne() {
        AuthenticatorApp app = SecondFactorSetup.enrol(enrolling()).app();
        UserAgent agent = new UserAgent();
        Map<String, String> request = scenario.authorizationRequest(SignInScenario.Pkce.create());
        Http.Response page = scenario.signIn(agent, request, SignInScenario.PASSWORD);
        Map<String, String> hidden = UserAgent.hiddenFields(page.body());

        // asking for the enrolment page instead of the code page: the code page, no secret
        Map<String, String> choose = new LinkedHashMap<>(hidden);
        choose.put("method", "otp");
        choose.put("enrol", "true");
        Http.Response chosen = agent.postForm(URI.create(oid.issuer() + "/login/step"), choose);
        assertThat(chosen.status()).isEqualTo(200);
        assertThat(chosen.body()).doesNotContain("otp-secret").contains("name=\"code\"");

        // posting a "confirmation" of an enrolment: checked as a code of the app the user has, and refused
        Map<String, String> confirm = new LinkedHashMap<>(hidden);
        confirm.put("enrol", "true");
        confirm.put("code", app.wrongCode());
        Http.Response refused = agent.postForm(URI.create(oid.issuer() + "/login/otp"), confirm);
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains(WRONG_CODE);
        assertThat(refused.header("Location")).isEmpty();
        assertThat(new FactorRows(TestInfrastructure.postgres()).count(userId)[1]).as("still the one app").isEqualTo(1);
    }

    @Test
    void whatCannotBeACodeIsAskedForAgainAndNotCounted() {
        SecondFactorSetup.enrol(enrolling());
        UserAgent agent = new UserAgent();
        Map<String, String> request = scenario.authorizationRequest(SignInScenario.Pkce.create());
        Http.Response page = scenario.signIn(agent, request, SignInScenario.PASSWORD);
        Map<String, String> hidden = UserAgent.hiddenFields(page.body());
        URI otp = URI.create(oid.issuer() + "/login/otp");
        URI recovery = URI.create(oid.issuer() + "/login/recovery-code");

        for (Optional<String> code : List.of(Optional.<String>empty(), Optional.of(""), Optional.of("1".repeat(40)),
                Optional.of("12345a"), Optional.of("１２３４５６"))) {
            Http.Response answer = agent.postForm(otp, with(hidden, code));
            assertThat(answer.status()).as("code %s", code).isEqualTo(200);
            assertThat(answer.body()).as("code %s", code).contains("Enter the 6-digit code your authenticator app shows.")
                    .contains("name=\"code\"");
        }
        for (Optional<String> code : List.of(Optional.<String>empty(), Optional.of("not-a-code"), Optional.of("x".repeat(5000)))) {
            Http.Response answer = agent.postForm(recovery, with(hidden, code));
            assertThat(answer.status()).as("recovery code %s", code).isEqualTo(200);
            assertThat(answer.body()).as("recovery code %s", code).contains("Enter one of your recovery codes");
        }
        assertThat(fixtures.signInCounters(userId).failedLogins()).isZero();

        // a body too large to read: a page saying so, never a 500
        Http.Response huge = agent.postForm(otp, with(hidden, Optional.of("1".repeat(100_000))));
        assertThat(huge.status()).isBetween(400, 499);
        assertThat(huge.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    }

    /** The tenant asks every user for a second factor: the next sign-in sets one up. */
    private SignInScenario enrolling() {
        fixtures.mfaPolicy(UUID.fromString(scenario.tenantId), "required");
        return scenario;
    }

    private static Map<String, String> with(Map<String, String> hidden, Optional<String> code) {
        Map<String, String> fields = new LinkedHashMap<>(hidden);
        fields.remove("enrol");
        code.ifPresent(value -> fields.put("code", value));
        return fields;
    }

    private WebDriver browser() {
        browser = Browser.start();
        return browser.driver();
    }

    /** What the relying party keeps of the authorization request it sent. */
    private record Authorization(ClientID client, URI callback, CodeVerifier verifier, State state, Nonce nonce) {}

    private Authorization authorize(Optional<String> acr) {
        Authorization authorization = new Authorization(new ClientID(scenario.clientId), URI.create(scenario.redirectUri),
                new CodeVerifier(), new State(), new Nonce());
        AuthenticationRequest.Builder request = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid"),
                authorization.client(), authorization.callback())
                .endpointURI(op.getAuthorizationEndpointURI())
                .state(authorization.state())
                .nonce(authorization.nonce())
                .codeChallenge(authorization.verifier(), CodeChallengeMethod.S256);
        acr.ifPresent(value -> request.acrValues(List.of(new ACR(value))));
        browser.open(request.build().toURI().toString());
        return authorization;
    }

    /** The client's callback, its code exchanged, the ID token validated. */
    private IDTokenClaimsSet idToken(Authorization authorization) throws Exception {
        Map<String, String> answer = application.awaitRequest("/callback", WAIT);
        assertThat(answer.get("state")).isEqualTo(authorization.state().getValue());
        TokenResponse exchanged = OIDCTokenResponseParser.parse(new TokenRequest(op.getTokenEndpointURI(), authorization.client(),
                new AuthorizationCodeGrant(new AuthorizationCode(answer.get("code")), authorization.callback(), authorization.verifier()))
                .toHTTPRequest().send());
        assertThat(exchanged.indicatesSuccess()).as(() -> exchanged.toErrorResponse().getErrorObject().toString()).isTrue();
        return new IDTokenValidator(op.getIssuer(), authorization.client(), JWSAlgorithm.RS256, op.getJWKSetURI().toURL())
                .validate(((OIDCTokenResponse) exchanged.toSuccessResponse()).getOIDCTokens().getIDToken(), authorization.nonce());
    }

    private void signInWithThePassword(WebDriver page) {
        await(page, By.id("username")).sendKeys(scenario.username);
        submit(page, page.findElement(By.id("password")), SignInScenario.PASSWORD);
    }

    /** Where the user may choose what to set up (when OID offers passkeys too), the app chosen. */
    private static void chooseAnAppIfAsked(WebDriver page) {
        await(page, By.tagName("form"));
        List<WebElement> choice = page.findElements(By.cssSelector("button[name=method][value=otp]"));
        if (page.findElements(By.id("otp-secret")).isEmpty() && !choice.isEmpty()) {
            WebElement form = page.findElement(By.tagName("form"));
            choice.get(0).click();
            awaitGone(form);
        }
    }

    /** From the code page to the recovery code's, with the "other methods" form. */
    private static void switchToRecoveryCode(WebDriver page) {
        WebElement other = await(page, By.cssSelector("button[name=method][value=recovery_code]"));
        WebElement form = page.findElement(By.tagName("form"));
        other.click();
        awaitGone(form);
        assertThat(await(page, By.tagName("h1")).getText()).isEqualTo("Enter a recovery code");
    }

    /** Types into a field, presses Enter, and waits for the next page. */
    private static void submit(WebDriver page, WebElement field, String text) {
        field.clear();
        field.sendKeys(text);
        field.sendKeys(Keys.ENTER);
        awaitGone(field);
    }

    private static WebElement await(WebDriver page, By by) {
        return awaitAll(page, by).get(0);
    }

    private static List<WebElement> awaitAll(WebDriver page, By by) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<WebElement> found = page.findElements(by);
            if (!found.isEmpty() || System.nanoTime() > deadline) {
                assertThat(found).as("%s on %s", by, page.getCurrentUrl()).isNotEmpty();
                return found;
            }
            pause();
        }
    }

    /** Until the page that held {@code element} is gone (a form posted, the next page loading). */
    private static void awaitGone(WebElement element) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                element.isEnabled();
            } catch (StaleElementReferenceException gone) {
                return;
            } catch (WebDriverException navigating) {
                // Chromium's "node does not belong to the document" while the next page replaces it
                return;
            }
            pause();
        }
        throw new AssertionError("the page did not change");
    }

    private static JavascriptExecutor script(WebDriver page) {
        return (JavascriptExecutor) page;
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
