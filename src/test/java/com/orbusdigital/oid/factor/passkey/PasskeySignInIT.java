package com.orbusdigital.oid.factor.passkey;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.Prompt;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import com.orbusdigital.oid.testing.Browser;
import com.orbusdigital.oid.testing.CallbackServer;
import com.orbusdigital.oid.testing.Fixtures;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OutboxRows;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.SoftwareAuthenticator;
import com.orbusdigital.oid.testing.StandaloneTomcat;
import com.orbusdigital.oid.testing.TestInfrastructure;
import com.orbusdigital.oid.testing.TestPostgres;
import com.orbusdigital.oid.testing.UserAgent;
import java.net.URI;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.virtualauthenticator.Credential;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * Passkeys in the real browser (Chromium's WebAuthn virtual authenticator: CTAP2, a platform
 * authenticator with resident keys and user verification) against OID on its own Tomcat, whose
 * issuer is http://localhost:port: WebAuthn refuses IP addresses as RP IDs, and the shared test
 * deployment's issuer is http://127.0.0.1:port. A tenant that requires a second factor: the
 * password, then a passkey set up on the way; signed out, a sign-in with the passkey alone (no
 * username typed); the password then the passkey as second factor; and a client that requires a
 * passkey gets one asked for even where the tenant asks for nothing. The ID tokens say how (acr,
 * amr), checked by a relying party (the Nimbus SDK).
 */
class PasskeySignInIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static TestPostgres postgres;
    private static StandaloneTomcat tomcat;
    private static String issuer;

    private CallbackServer application;
    private Browser browser;
    private VirtualAuthenticator authenticator;
    private SignInScenario scenario;
    private OIDCProviderMetadata op;

    @BeforeAll
    static void start() throws Exception {
        postgres = TestPostgres.start(StandaloneTomcat.freePort());
        tomcat = new StandaloneTomcat("passkeys", Map.of(
                "DATABASE_URL", postgres.databaseUrl(),
                "OID_BOOTSTRAP_CLIENT_ID", TestInfrastructure.BOOTSTRAP_CLIENT_ID,
                "OID_BOOTSTRAP_CLIENT_SECRET", TestInfrastructure.BOOTSTRAP_CLIENT_SECRET,
                // the browser and the test all come from 127.0.0.1
                "RATE_LIMIT_PER_MINUTE", "100000"));
        issuer = "http://localhost:" + tomcat.port();
        tomcat.environmentAlso("JWT_ISSUER", issuer);
        tomcat.start();
        Http.awaitReady(tomcat.base(), Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() throws Exception {
        try (TestPostgres database = postgres; StandaloneTomcat server = tomcat) {
            // closed in reverse order: Tomcat first, then its database
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        application = CallbackServer.start();
        browser = Browser.start();
        authenticator = ((HasVirtualAuthenticator) browser.driver()).addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                .setHasResidentKey(true)
                .setHasUserVerification(true)
                .setIsUserVerified(true)
                .setIsUserConsenting(true));
        scenario = SignInScenario.create(tomcat.base(), issuer, application.uri("/callback"), "public", "");
        op = OIDCProviderMetadata.resolve(new Issuer(issuer));
    }

    @AfterEach
    void tearDown() {
        browser.close();
        application.close();
    }

    @Test
    void aPasskeySetUpAtATenantThatRequiresASecondFactorThenSignsInAloneAndAsTheSecondFactor() throws Exception {
        Fixtures fixtures = new Fixtures(postgres, issuer);
        fixtures.mfaPolicy(UUID.fromString(scenario.tenantId), "required");
        clientsChanged();
        WebDriver page = browser.driver();

        // the password, then the choice of a second factor to set up: a passkey
        Signing first = open(new Scope("openid"), false);
        typePassword(page);
        visible(page, "button[name=method][value=passkey]").click();
        WebElement create = visible(page, "form[data-passkey=create]");
        assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Create a passkey");
        WebElement name = create.findElement(By.id("passkey-name"));
        name.clear();
        name.sendKeys("Work laptop");
        create.findElement(By.cssSelector("button[type=submit]")).click();
        // the user's first recovery codes, shown once, then on to the application
        visible(page, "#recovery-codes");
        page.findElement(By.cssSelector("form[action$='/login/continue'] button")).click();
        IDTokenClaimsSet enrolled = first.finish();
        assertThat(enrolled.getSubject().getValue()).isEqualTo(scenario.userId);
        assertThat(enrolled.getACR().getValue()).isEqualTo("phr");
        assertThat(enrolled.getStringListClaim("amr")).containsExactlyInAnyOrder("pwd", "hwk", "user", "mfa");

        List<Credential> credentials = authenticator.getCredentials();
        assertThat(credentials).singleElement().satisfies(credential -> {
            assertThat(credential.isResidentCredential()).isTrue();
            assertThat(credential.getUserHandle()).isEqualTo(PasskeyOptions.userHandle(UUID.fromString(scenario.userId)));
        });
        String credentialId = Base64.getUrlEncoder().withoutPadding().encodeToString(credentials.get(0).getId());
        List<OutboxRows.Row> registered = OutboxRows.rows(postgres).stream()
                .filter(row -> row.type().equals("oid.user.passkey_registered")).toList();
        assertThat(registered).singleElement().satisfies(row -> {
            assertThat(row.payload()).contains(scenario.userId).contains("Work laptop")
                    .doesNotContain(credentialId).doesNotContain(Base64.getEncoder().encodeToString(credentials.get(0).getId()));
        });

        // signed out, then back with the passkey alone, no username typed: the browser offers it in the
        // username field's autofill (conditional mediation), which Chromium's authenticator answers at once
        browser.open(new LogoutRequest(op.getEndSessionEndpointURI(), first.tokens.getIDToken(),
                URI.create(scenario.redirectUri + "/signed-out"), new State()).toURI().toString());
        application.awaitRequest("/callback/signed-out", WAIT);
        IDTokenClaimsSet autofilled = open(new Scope("openid"), false).finish();
        assertThat(autofilled.getSubject().getValue()).isEqualTo(scenario.userId);
        assertThat(autofilled.getACR().getValue()).isEqualTo("phr");
        assertThat(autofilled.getStringListClaim("amr")).containsExactlyInAnyOrder("hwk", "user", "mfa");

        // from here on a browser without passkey autofill: the button "Sign in with a passkey", no username typed
        ((HasCdp) page).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "PublicKeyCredential.isConditionalMediationAvailable = () => Promise.resolve(false);"));
        Signing passwordless = open(new Scope("openid"), true);
        visible(page, "[data-passkey=sign-in]").findElement(By.tagName("button")).click();
        IDTokenClaimsSet alone = passwordless.finish();
        assertThat(alone.getSubject().getValue()).isEqualTo(scenario.userId);
        assertThat(alone.getACR().getValue()).isEqualTo("phr");
        assertThat(alone.getStringListClaim("amr")).containsExactlyInAnyOrder("hwk", "user", "mfa");

        // asked to sign in again (prompt=login): the password, then the passkey as the second factor
        Signing secondFactor = open(new Scope("openid"), true);
        typePassword(page);
        WebElement prove = visible(page, "form[data-passkey=get]");
        assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Use your passkey");
        prove.findElement(By.cssSelector("button[type=submit]")).click();
        IDTokenClaimsSet both = secondFactor.finish();
        assertThat(both.getACR().getValue()).isEqualTo("phr");
        assertThat(both.getStringListClaim("amr")).containsExactlyInAnyOrder("pwd", "hwk", "user", "mfa");

        // a client that requires a passkey asks for it even where the tenant asks for no second factor
        fixtures.mfaPolicy(UUID.fromString(scenario.tenantId), "off");
        fixtures.clientRequires(scenario.clientId, false, true);
        clientsChanged();
        Signing required = open(new Scope("openid"), true);
        typePassword(page);
        visible(page, "form[data-passkey=get]").findElement(By.cssSelector("button[type=submit]")).click();
        assertThat(required.finish().getACR().getValue()).isEqualTo("phr");

        // the security page, in the same browser (its session just proved the password and the passkey): another
        // passkey, by the page's script and Chromium's authenticator — refused by the browser on the device that
        // holds the first one (the options exclude it), created on another
        page.get(issuer + "/account/security?tenant=" + scenario.tenant);
        visible(page, "input[value=start_passkey] ~ button").click();
        WebElement another = visible(page, "form[data-passkey=create]");
        WebElement named = another.findElement(By.id("passkey-name"));
        named.clear();
        named.sendKeys("Phone");
        another.findElement(By.cssSelector("button[type=submit]")).click();
        assertThat(visible(page, "[data-passkey-error]").getText()).startsWith("The passkey was not used.");
        authenticator.removeAllCredentials();
        page.findElement(By.cssSelector("form[data-passkey=create] button[type=submit]")).click();
        assertThat(visible(page, "div.notice").getText()).isEqualTo("Your passkey has been created.");
        assertThat(page.findElements(By.cssSelector("li.passkey strong"))).extracting(WebElement::getText)
                .containsExactlyInAnyOrder("Work laptop", "Phone");
        assertThat(authenticator.getCredentials()).singleElement()
                .satisfies(credential -> assertThat(credential.getId()).isNotEqualTo(credentials.get(0).getId()));
    }

    @Test
    void aPasskeyIsCreatedOnlyAtTheStepThatAsksForOneAndAFailedOneCountsTowardsTheLockOnlyOnceTheUserIsKnown() throws Exception {
        Fixtures fixtures = new Fixtures(postgres, issuer);
        UUID userId = UUID.fromString(scenario.userId);
        String rpId = "localhost";
        SoftwareAuthenticator key = new SoftwareAuthenticator();
        byte flags = SoftwareAuthenticator.UP | SoftwareAuthenticator.UV;

        // a sign-in that asks for a phishing-resistant level (an essential acr claim): the password, then a passkey created
        UserAgent agent = new UserAgent();
        Map<String, String> request = scenario.authorizationRequest(SignInScenario.Pkce.create());
        request.put("claims", "{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"phr\"]}}}");
        Http.Response create = scenario.signIn(agent, request, SignInScenario.PASSWORD);
        assertThat(create.body()).contains("data-passkey=\"create\"");
        Http.Response codes = agent.submit(create, Map.of("credential", key.register(rpId, issuer, challenge(create), flags), "name", "Key"));
        assertThat(codes.body()).as("the first recovery codes, shown once").contains("id=\"recovery-codes\"");
        scenario.code(agent.submit(codes, Map.of()), request);
        assertThat(passkeys(userId)).isEqualTo(1);

        // the tenant requires a second factor: after the password the step asks for the passkey, and a passkey
        // created there (by someone who knows only the password) is refused, with nothing stored
        fixtures.mfaPolicy(UUID.fromString(scenario.tenantId), "required");
        clientsChanged();
        UserAgent other = new UserAgent();
        Http.Response prove = scenario.signIn(other, scenario.authorizationRequest(SignInScenario.Pkce.create()), SignInScenario.PASSWORD);
        assertThat(prove.body()).contains("data-passkey=\"get\"");
        // the login page's script asked for passkey options as the page opened, and its answer came after the password's:
        // the sign-in the password started goes on (the script's has a cookie of its own)
        assertThat(other.postForm(URI.create(issuer + "/login/passkey/options"), UserAgent.hiddenFields(prove.body())).status())
                .isEqualTo(200);
        Http.Response notCreated = post(other, "/login/passkey/register", prove,
                new SoftwareAuthenticator().register(rpId, issuer, challenge(prove), flags));
        assertThat(notCreated.status()).isEqualTo(200);
        assertThat(notCreated.body()).contains("The passkey could not be created");
        assertThat(passkeys(userId)).isEqualTo(1);

        // an assertion signed by another key at that step: refused, and counted as a wrong password is
        Http.Response wrong = post(other, "/login/passkey", notCreated, key.assertion(SoftwareAuthenticator.rpIdHash(rpId),
                SoftwareAuthenticator.clientData("webauthn.get", challenge(notCreated), issuer), flags, Optional.empty(),
                Optional.of(SoftwareAuthenticator.otherKey())));
        assertThat(wrong.status()).isEqualTo(200);
        assertThat(wrong.body()).contains("That passkey could not be used");
        assertThat(fixtures.signInCounters(userId).failedLogins()).isEqualTo(1);

        // the same before anyone is known (the login page's button): refused, counted for no one
        UserAgent third = new UserAgent();
        Http.Response login = third.get(scenario.authorizeUri(scenario.authorizationRequest(SignInScenario.Pkce.create())));
        Http.Response options = third.postForm(URI.create(issuer + "/login/passkey/options"), UserAgent.hiddenFields(login.body()));
        assertThat(options.status()).isEqualTo(200);
        Map<String, String> fields = new LinkedHashMap<>(UserAgent.hiddenFields(login.body()));
        fields.put("credential", key.assertion(SoftwareAuthenticator.rpIdHash(rpId), SoftwareAuthenticator.clientData("webauthn.get",
                options.json().path("challenge").asText(), issuer), flags, Optional.of(PasskeyOptions.userHandle(userId)),
                Optional.of(SoftwareAuthenticator.otherKey())));
        Http.Response refused = third.postForm(URI.create(issuer + "/login/passkey/sign-in"), fields);
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("That passkey could not be used").contains("id=\"password\"");
        assertThat(fixtures.signInCounters(userId).failedLogins()).isEqualTo(1);
    }

    @Test
    void aSignedInUserCreatesAPasskeyOnTheSecurityPageThenSignsInWithItAloneAndRemovesIt() throws Exception {
        UUID userId = UUID.fromString(scenario.userId);
        String rpId = "localhost";
        SoftwareAuthenticator key = new SoftwareAuthenticator();
        byte flags = SoftwareAuthenticator.UP | SoftwareAuthenticator.UV;
        URI security = URI.create(issuer + "/account/security");

        UserAgent agent = new UserAgent();
        Http.Response toLogin = agent.get(URI.create(security + "?tenant=" + scenario.tenant));
        Http.Response login = agent.get(URI.create(toLogin.header("Location").orElseThrow()));
        assertThat(agent.submit(login, Map.of("username", scenario.username, "password", SignInScenario.PASSWORD)).status()).isEqualTo(303);
        Http.Response page = agent.get(security);
        assertThat(page.header("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).doesNotContain("script-src"));

        Http.Response creation = agent.postForm(security, Map.of("csrf", UserAgent.hiddenFields(page.body()).get("csrf"),
                "action", "start_passkey"));
        assertThat(creation.status()).isEqualTo(200);
        assertThat(creation.body()).contains("data-passkey=\"create\"", "passkey.js");
        assertThat(creation.header("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'"));
        String registration = key.register(rpId, issuer, challenge(creation), flags);
        Map<String, String> register = Map.of("csrf", UserAgent.hiddenFields(page.body()).get("csrf"), "action", "register_passkey",
                "credential", registration, "name", "Security key");
        Http.Response created = agent.postForm(security, register);
        assertThat(created.status()).as(created.body()).isEqualTo(303);
        assertThat(agent.get(URI.create(created.header("Location").orElseThrow())).body()).contains("passkey has been created",
                "Security key");
        assertThat(passkeys(userId)).isEqualTo(1);
        // the same answer again: nothing more is stored — and, the user having a passkey now, this session (the password
        // alone) is first asked to prove it
        Http.Response again = agent.postForm(security, register);
        assertThat(again.status()).isEqualTo(303);
        assertThat(again.header("Location")).hasValueSatisfying(location -> assertThat(location).contains("acr_values=mfa"));
        assertThat(passkeys(userId)).isEqualTo(1);

        // signing in with it alone, no username: the login page's button
        UserAgent elsewhere = new UserAgent();
        Map<String, String> request = scenario.authorizationRequest(SignInScenario.Pkce.create());
        Http.Response other = elsewhere.get(scenario.authorizeUri(request));
        Http.Response options = elsewhere.postForm(URI.create(issuer + "/login/passkey/options"), UserAgent.hiddenFields(other.body()));
        Map<String, String> fields = new LinkedHashMap<>(UserAgent.hiddenFields(other.body()));
        fields.put("credential", key.authenticate(rpId, issuer, options.json().path("challenge").asText(), flags,
                Optional.of(PasskeyOptions.userHandle(userId))));
        scenario.code(elsewhere.postForm(URI.create(issuer + "/login/passkey/sign-in"), fields), request);

        // removed on the page (the session that made it proved the password alone, and now the user has a passkey:
        // the removal asks for more first — this session signs in with the passkey instead)
        Http.Response mine = elsewhere.get(security);
        assertThat(mine.status()).isEqualTo(200);
        Matcher id = Pattern.compile("name=\"passkey\" value=\"([0-9a-f-]{36})\"").matcher(mine.body());
        assertThat(id.find()).isTrue();
        Http.Response removed = elsewhere.postForm(security, Map.of("csrf", UserAgent.hiddenFields(mine.body()).get("csrf"),
                "action", "remove_passkey", "passkey", id.group(1)));
        assertThat(removed.status()).as(removed.body()).isEqualTo(303);
        assertThat(removed.header("Location")).hasValueSatisfying(location -> assertThat(location).contains("done=passkey_removed"));
        assertThat(passkeys(userId)).isZero();
    }

    /** The challenge of the options a step page carries for its script. */
    private static String challenge(Http.Response page) throws Exception {
        Matcher options = Pattern.compile("data-passkey-options=\"([^\"]*)\"").matcher(page.body());
        assertThat(options.find()).as(page.body()).isTrue();
        String json = options.group(1).replace("&quot;", "\"").replace("&amp;", "&");
        return new ObjectMapper().readTree(json).path("challenge").asText();
    }

    /** What the step page's script posts: the page's hidden fields and the credential. */
    private Http.Response post(UserAgent agent, String path, Http.Response page, String credential) {
        Map<String, String> fields = new LinkedHashMap<>(UserAgent.hiddenFields(page.body()));
        fields.put("credential", credential);
        return agent.postForm(URI.create(issuer + path), fields);
    }

    private static int passkeys(UUID userId) throws Exception {
        try (Connection connection = postgres.connect();
             java.sql.PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM webauthn_credentials WHERE user_id = ?")) {
            count.setObject(1, userId);
            try (java.sql.ResultSet row = count.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    /** An authorization request opened in the browser, and its end: the code exchanged, the ID token validated. */
    private final class Signing {
        final CodeVerifier verifier = new CodeVerifier();
        final State state = new State();
        final Nonce nonce = new Nonce();
        OIDCTokens tokens;

        IDTokenClaimsSet finish() throws Exception {
            Map<String, String> answer;
            try {
                answer = application.awaitRequest("/callback", WAIT);
            } catch (AssertionError none) {
                WebDriver page = browser.driver();
                throw new AssertionError(none.getMessage() + "; the browser is at " + page.getCurrentUrl() + ":\n" + page.getPageSource());
            }
            assertThat(answer.get("state")).as(answer.toString()).isEqualTo(state.getValue());
            ClientID client = new ClientID(scenario.clientId);
            TokenResponse exchanged = OIDCTokenResponseParser.parse(new TokenRequest(op.getTokenEndpointURI(), client,
                    new AuthorizationCodeGrant(new AuthorizationCode(answer.get("code")), URI.create(scenario.redirectUri), verifier))
                    .toHTTPRequest().send());
            assertThat(exchanged.indicatesSuccess()).as(() -> exchanged.toErrorResponse().getErrorObject().toString()).isTrue();
            tokens = ((OIDCTokenResponse) exchanged.toSuccessResponse()).getOIDCTokens();
            return new IDTokenValidator(op.getIssuer(), client, JWSAlgorithm.RS256, op.getJWKSetURI().toURL())
                    .validate(tokens.getIDToken(), nonce);
        }
    }

    /** @param again prompt=login: the sign-in session the browser has does not count */
    private Signing open(Scope scope, boolean again) {
        Signing signing = new Signing();
        browser.open(new AuthenticationRequest.Builder(ResponseType.CODE, scope, new ClientID(scenario.clientId),
                URI.create(scenario.redirectUri)).endpointURI(op.getAuthorizationEndpointURI()).state(signing.state).nonce(signing.nonce)
                .prompt(again ? new Prompt(Prompt.Type.LOGIN) : null)
                .codeChallenge(signing.verifier, CodeChallengeMethod.S256).build().toURI().toString());
        return signing;
    }

    private void typePassword(WebDriver page) throws InterruptedException {
        visible(page, "#username").sendKeys(scenario.username);
        page.findElement(By.id("password")).sendKeys(SignInScenario.PASSWORD + Keys.ENTER);
    }

    /**
     * The tenant's policy or the client's requirements changed in the table (Fixtures): announced as an
     * admin change is, then a few of OID's client-cache polls (one a second) waited for.
     */
    private static void clientsChanged() throws Exception {
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE client_cache_version SET version = version + 1");
        }
        Thread.sleep(3000);
    }

    /** The element once shown: on the next page, and unhidden by the passkey script. */
    private static WebElement visible(WebDriver page, String css) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                List<WebElement> found = page.findElements(By.cssSelector(css));
                if (!found.isEmpty() && found.get(0).isDisplayed()) {
                    return found.get(0);
                }
            } catch (StaleElementReferenceException replaced) {
                // the page changed meanwhile: look again
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no visible " + css + " on " + page.getCurrentUrl() + ":\n" + page.getPageSource());
            }
            Thread.sleep(100);
        }
    }
}
