package com.orbusdigital.oid.oauth.authorize;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import com.orbusdigital.oid.testing.Browser;
import com.orbusdigital.oid.testing.CallbackServer;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.SignInScenario;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The "done when": a relying party that knows only the issuer URL (the Nimbus SDK)
 * discovers OID and signs a user in through the login page in a real browser (Chromium) with
 * PKCE, validates the ID token, calls userinfo, refreshes, sees the old refresh token refused,
 * revokes, and logs out; and the same in French, chosen with the pages' language switch.
 * Screenshots of the login, error and logout pages in both languages go to target/screenshots/.
 */
@OidIT
class BrowserSignInIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private RunningOid oid;

    private CallbackServer application;
    private Browser browser;
    private SignInScenario scenario;
    private OIDCProviderMetadata op;

    @BeforeEach
    void setUp() throws Exception {
        application = CallbackServer.start();
        browser = Browser.start();
        String issuer = oid.issuer();
        scenario = SignInScenario.create(oid.root(), issuer, application.uri("/callback"), "public", "");
        op = OIDCProviderMetadata.resolve(new Issuer(issuer));
    }

    @AfterEach
    void tearDown() {
        browser.close();
        application.close();
    }

    @Test
    void aRelyingPartySignsAUserInThroughTheLoginPageAndFollowsTheWholeLifecycle() throws Exception {
        ClientID client = new ClientID(scenario.clientId);
        URI callback = URI.create(scenario.redirectUri);
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        Nonce nonce = new Nonce();
        AuthenticationRequest authentication = new AuthenticationRequest.Builder(ResponseType.CODE,
                new Scope("openid", "profile", "email", "offline_access"), client, callback)
                .endpointURI(op.getAuthorizationEndpointURI())
                .state(state)
                .nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build();

        browser.open(authentication.toURI().toString());
        WebDriver page = browser.driver();
        assertThat(page.getTitle()).contains("Sign in");
        assertThat(page.findElement(By.tagName("body")).getText()).contains("Billing Portal", "Tenant " + scenario.tenant);
        assertThat(stylesheetRules(page)).as("oid.css loaded on /authorize").isPositive();
        assertPng(browser.screenshot("login-desktop"));
        browser.resize(390, 844);
        assertPng(browser.screenshot("login-mobile"));
        browser.resize(1280, 900);

        // a wrong password first: the page says so and keeps the username
        signIn(page, scenario.username, "not the password at all");
        // the answer is a new page: wait for its alert (the first page has none) before reading it
        page.manage().timeouts().implicitlyWait(WAIT);
        assertThat(page.findElement(By.cssSelector("[role=alert]")).getText()).contains("username or password is not right");
        assertThat(page.findElement(By.id("username")).getAttribute("value")).isEqualTo(scenario.username);
        assertThat(stylesheetRules(page)).as("oid.css loaded on /login").isPositive();
        assertPng(browser.screenshot("login-error"));

        page.manage().timeouts().implicitlyWait(Duration.ZERO);
        signInWithTheKeyboard(page);

        Map<String, String> answer = application.awaitRequest("/callback", WAIT);
        assertThat(answer.get("state")).isEqualTo(state.getValue());
        assertThat(answer.get("iss")).isEqualTo(op.getIssuer().getValue());

        TokenResponse exchanged = OIDCTokenResponseParser.parse(new TokenRequest(op.getTokenEndpointURI(), client,
                new AuthorizationCodeGrant(new AuthorizationCode(answer.get("code")), callback, verifier)).toHTTPRequest().send());
        assertThat(exchanged.indicatesSuccess()).as(() -> exchanged.toErrorResponse().getErrorObject().toString()).isTrue();
        OIDCTokens tokens = ((OIDCTokenResponse) exchanged.toSuccessResponse()).getOIDCTokens();

        IDTokenClaimsSet id = new IDTokenValidator(op.getIssuer(), client, JWSAlgorithm.RS256, op.getJWKSetURI().toURL())
                .validate(tokens.getIDToken(), nonce);
        assertThat(id.getSubject().getValue()).isEqualTo(scenario.userId);
        assertThat(id.getAudience()).extracting(Object::toString).containsExactly(scenario.clientId);
        assertThat(id.getAccessTokenHash()).isEqualTo(AccessTokenHash.compute(tokens.getAccessToken(), JWSAlgorithm.RS256, null));
        assertThat(id.getAuthenticationTime()).isNotNull();
        // OIDC Core §5.4: the profile and email claims come from userinfo, the ID token carries none of them
        assertThat(id.getStringClaim("preferred_username")).isNull();

        HTTPResponse userinfoHttp = new UserInfoRequest(op.getUserInfoEndpointURI(), (BearerAccessToken) tokens.getAccessToken())
                .toHTTPRequest().send();
        UserInfo userInfo = UserInfoResponse.parse(userinfoHttp).toSuccessResponse().getUserInfo();
        assertThat(userInfo.getSubject()).isEqualTo(id.getSubject());
        assertThat(userInfo.getEmailAddress()).isEqualTo(scenario.username + "@example.com");
        assertThat(userInfo.getPreferredUsername()).isEqualTo(scenario.username);

        TokenResponse refreshed = OIDCTokenResponseParser.parse(new TokenRequest(op.getTokenEndpointURI(), client,
                new RefreshTokenGrant(tokens.getRefreshToken())).toHTTPRequest().send());
        assertThat(refreshed.indicatesSuccess()).isTrue();
        OIDCTokens renewed = ((OIDCTokenResponse) refreshed.toSuccessResponse()).getOIDCTokens();
        assertThat(renewed.getRefreshToken()).isNotEqualTo(tokens.getRefreshToken());

        TokenResponse replayed = OIDCTokenResponseParser.parse(new TokenRequest(op.getTokenEndpointURI(), client,
                new RefreshTokenGrant(tokens.getRefreshToken())).toHTTPRequest().send());
        assertThat(replayed.indicatesSuccess()).isFalse();
        assertThat(((TokenErrorResponse) replayed).getErrorObject().getCode()).isEqualTo("invalid_grant");

        // the reuse revoked the family; sign in again (the session skips the form) to revoke a live one
        CodeVerifier verifier2 = new CodeVerifier();
        State state2 = new State();
        browser.open(new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid", "offline_access"), client, callback)
                .endpointURI(op.getAuthorizationEndpointURI()).state(state2).nonce(new Nonce())
                .codeChallenge(verifier2, CodeChallengeMethod.S256).build().toURI().toString());
        Map<String, String> silent = application.awaitRequest("/callback", WAIT);
        assertThat(silent.get("state")).isEqualTo(state2.getValue());
        OIDCTokens second = ((OIDCTokenResponse) OIDCTokenResponseParser.parse(new TokenRequest(op.getTokenEndpointURI(), client,
                new AuthorizationCodeGrant(new AuthorizationCode(silent.get("code")), callback, verifier2)).toHTTPRequest().send())
                .toSuccessResponse()).getOIDCTokens();

        HTTPResponse revoked = new TokenRevocationRequest(op.getRevocationEndpointURI(), client, second.getRefreshToken())
                .toHTTPRequest().send();
        assertThat(revoked.getStatusCode()).isEqualTo(200);
        assertThat(OIDCTokenResponseParser.parse(new TokenRequest(op.getTokenEndpointURI(), client,
                new RefreshTokenGrant(second.getRefreshToken())).toHTTPRequest().send()).indicatesSuccess()).isFalse();

        // RP-initiated logout with the ID token as hint: straight back to the application with its state
        JWT hint = second.getIDToken();
        State logoutState = new State();
        browser.open(new LogoutRequest(op.getEndSessionEndpointURI(), hint, URI.create(scenario.redirectUri + "/signed-out"),
                logoutState).toURI().toString());
        assertThat(application.awaitRequest("/callback/signed-out", WAIT).get("state")).isEqualTo(logoutState.getValue());

        // signed out: the next authorization shows the form again
        browser.open(authentication.toURI().toString());
        assertThat(page.findElements(By.id("password"))).hasSize(1);
    }

    @Test
    void theLoginFormCannotBeMadeToPostAnywhereButOid() throws Exception {
        try (CallbackServer elsewhere = CallbackServer.start()) {
            browser.open(scenario.authorizeUri(scenario.authorizationRequest(SignInScenario.Pkce.create())).toString());
            WebDriver page = browser.driver();
            JavascriptExecutor script = (JavascriptExecutor) page;
            String loginPage = page.getCurrentUrl();

            // as injected markup would: the form's action pointed at another origin, then submitted
            script.executeScript("window.violations = [];"
                    + "document.addEventListener('securitypolicyviolation', e => window.violations.push(e.effectiveDirective));"
                    + "const form = document.forms[0]; form.action = arguments[0]; form.submit();", elsewhere.uri("/steal"));

            long deadline = System.nanoTime() + WAIT.toNanos();
            Object violations = script.executeScript("return window.violations;");
            while (violations instanceof java.util.List<?> list && list.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
                violations = script.executeScript("return window.violations;");
            }
            assertThat(violations).isEqualTo(java.util.List.of("form-action"));
            assertThat(page.getCurrentUrl()).isEqualTo(loginPage);
        }
    }

    @Test
    void aUserSwitchesToFrenchSignsInWithTheKeyboardAndSignsOutInFrench() throws Exception {
        ClientID client = new ClientID(scenario.clientId);
        URI callback = URI.create(scenario.redirectUri);
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        Nonce nonce = new Nonce();
        browser.open(new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid", "profile"), client, callback)
                .endpointURI(op.getAuthorizationEndpointURI()).state(state).nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256).build().toURI().toString());
        WebDriver page = browser.driver();
        assertThat(page.getTitle()).isEqualTo("Sign in to Billing Portal");

        // the switch: a link to the same authorization request in French
        page.findElement(By.cssSelector("nav.languages a[lang=fr]")).click();
        page.manage().timeouts().implicitlyWait(WAIT);
        page.findElement(By.cssSelector("html[lang=fr]"));
        assertThat(page.getTitle()).isEqualTo("Connexion à Billing Portal");
        assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Connexion");
        assertThat(page.findElement(By.cssSelector("label[for=username]")).getText()).isEqualTo("Nom d’utilisateur");
        assertThat(page.findElement(By.cssSelector("label[for=password]")).getText()).isEqualTo("Mot de passe");
        assertThat(page.findElement(By.cssSelector("nav.languages a[aria-current=true]")).getText()).isEqualTo("Français");
        assertThat(stylesheetRules(page)).as("oid.css loaded on the French page").isPositive();
        assertPng(browser.screenshot("login-fr-desktop"));
        browser.resize(390, 844);
        assertPng(browser.screenshot("login-fr-mobile"));
        browser.resize(1280, 900);

        page.manage().timeouts().implicitlyWait(Duration.ZERO);
        signIn(page, scenario.username, "pas le bon mot de passe");
        page.manage().timeouts().implicitlyWait(WAIT);
        assertThat(page.findElement(By.cssSelector("[role=alert]")).getText())
                .isEqualTo("Le nom d’utilisateur ou le mot de passe est incorrect. Vérifiez-les et réessayez.");
        assertThat(page.getTitle()).isEqualTo("Erreur\u00a0: Connexion à Billing Portal");
        assertPng(browser.screenshot("login-fr-error"));
        browser.resize(390, 844);
        assertPng(browser.screenshot("login-fr-error-mobile"));
        browser.resize(1280, 900);

        page.manage().timeouts().implicitlyWait(Duration.ZERO);
        assertThat(page.findElement(By.cssSelector("button[type=submit]")).getText()).isEqualTo("Se connecter");
        signInWithTheKeyboard(page);

        Map<String, String> answer = application.awaitRequest("/callback", WAIT);
        assertThat(answer.get("state")).isEqualTo(state.getValue());
        TokenResponse exchanged = OIDCTokenResponseParser.parse(new TokenRequest(op.getTokenEndpointURI(), client,
                new AuthorizationCodeGrant(new AuthorizationCode(answer.get("code")), callback, verifier)).toHTTPRequest().send());
        assertThat(exchanged.indicatesSuccess()).isTrue();
        IDTokenClaimsSet id = new IDTokenValidator(op.getIssuer(), client, JWSAlgorithm.RS256, op.getJWKSetURI().toURL())
                .validate(((OIDCTokenResponse) exchanged.toSuccessResponse()).getOIDCTokens().getIDToken(), nonce);
        assertThat(id.getSubject().getValue()).isEqualTo(scenario.userId);

        // the pick is remembered: the logout confirmation speaks French too
        browser.open(op.getEndSessionEndpointURI() + "?client_id=" + scenario.clientId);
        page.manage().timeouts().implicitlyWait(WAIT);
        assertThat(page.getTitle()).isEqualTo("Vous déconnecter d’OID\u202f?");
        assertPng(browser.screenshot("logout-fr"));
        page.findElement(By.cssSelector("form button[type=submit]")).click();
        page.findElement(By.cssSelector("svg.status-done"));
        assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Vous êtes déconnecté");
        assertThat(page.findElement(By.tagName("main")).getText()).contains("Votre session auprès de Billing Portal est terminée.");
        assertPng(browser.screenshot("signed-out-fr"));
    }

    @Test
    void theErrorPageReadsWellInBothLanguagesOnEveryScreen() throws Exception {
        Map<String, String> request = scenario.authorizationRequest(SignInScenario.Pkce.create());
        request.put("redirect_uri", "https://attacker.example/callback");
        for (String language : new String[] {"en", "fr"}) {
            request.put("ui_locales", language);
            browser.open(scenario.authorizeUri(request).toString());
            WebDriver page = browser.driver();
            assertThat(page.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo(language);
            assertThat(page.getTitle()).isEqualTo(language.equals("en") ? "Sign-in cannot continue" : "La connexion ne peut pas continuer");
            assertThat(page.findElement(By.tagName("main")).getText()).contains(language.equals("en")
                    ? "The address to return to is not registered for this application."
                    : "L’adresse de retour n’est pas enregistrée pour cette application.");
            assertThat(page.getCurrentUrl()).startsWith(scenario.issuer);
            assertThat(stylesheetRules(page)).as("oid.css loaded on the error page").isPositive();
            assertPng(browser.screenshot("error-" + language + "-desktop"));
            browser.resize(390, 844);
            assertPng(browser.screenshot("error-" + language + "-mobile"));
            browser.resize(1280, 900);
        }
    }

    /** Keyboard only: the focus is on the password field; type, Tab to the button, Enter. */
    private static void signInWithTheKeyboard(WebDriver page) {
        WebElement focused = page.switchTo().activeElement();
        assertThat(focused.getAttribute("id")).isEqualTo("password");
        focused.sendKeys(SignInScenario.PASSWORD);
        focused.sendKeys(Keys.TAB);
        assertThat(page.switchTo().activeElement().getTagName()).isEqualTo("button");
        page.switchTo().activeElement().sendKeys(Keys.ENTER);
    }

    private static void signIn(WebDriver page, String username, String password) {
        WebElement user = page.findElement(By.id("username"));
        user.clear();
        user.sendKeys(username);
        assertThat(page.findElement(By.cssSelector("label[for=username]")).getText()).isNotBlank();
        assertThat(page.findElement(By.cssSelector("label[for=password]")).getText()).isNotBlank();
        WebElement secret = page.findElement(By.id("password"));
        secret.sendKeys(password);
        secret.sendKeys(Keys.ENTER);
    }

    /** How many rules the page's stylesheet has: 0 when it did not load (a wrong href, or CSP refused it). */
    private static long stylesheetRules(WebDriver page) {
        Object rules = ((JavascriptExecutor) page).executeScript(
                "return document.styleSheets.length === 0 ? 0 : document.styleSheets[0].cssRules.length;");
        return ((Number) rules).longValue();
    }

    private static void assertPng(Path screenshot) throws Exception {
        byte[] png = Files.readAllBytes(screenshot);
        assertThat(png).hasSizeGreaterThan(5000);
        assertThat(png[1]).isEqualTo((byte) 'P');
    }
}
