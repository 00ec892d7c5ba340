package com.orbusdigital.oid.account;

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
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import com.orbusdigital.oid.testing.Browser;
import com.orbusdigital.oid.testing.CallbackServer;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.OutboxRows;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.TestInfrastructure;
import com.orbusdigital.oid.testing.TestMail;
import com.orbusdigital.oid.testing.UserAgent;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;

/**
 * Issue 17, item 5: self sign-up on the real Tomcat, PostgreSQL and an SMTP server (GreenMail).
 * Off by default: no link on the login page, its pages "not available". On: the one answer page
 * for a new address and for one that has an account (which gets the email saying so, with the
 * forgotten password, and nothing that creates an account); addresses outside the tenant's domains
 * refused openly; the emailed link chooses the password, creates the account with its address
 * verified and signs the person in — in Chromium to the client's callback, the code exchanged by the
 * Nimbus SDK; in French, with a second factor the tenant requires asked for right there. Expired,
 * reused and tampered links, an address that got an account meanwhile, sign-up turned off while a
 * link is out: readable pages, nothing created.
 */
@OidIT
class SignUpIT {

    private static final String PASSWORD = "quartz meadow lantern harbour";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern SIGN_UP_HREF = Pattern.compile("href=\"([^\"]*login/sign-up\\?[^\"]*)\"");
    private static final Pattern LINK = Pattern.compile("https?://\\S+/login/sign-up/complete\\?token=[A-Za-z0-9_-]{43}&ui_locales=[a-z]{2}");
    private static final Pattern FORGOT = Pattern.compile("https?://\\S+/login/password/forgot\\?\\S+");

    private RunningOid oid;

    private static TestMail mail() {
        return TestInfrastructure.mail();
    }

    private static String link(TestMail.Received received) {
        Matcher link = LINK.matcher(received.text());
        assertThat(link.find()).as("a sign-up link in: " + received.text()).isTrue();
        assertThat(received.html()).contains("href=\"" + link.group().replace("&", "&amp;") + "\"");
        return link.group();
    }

    private static String token(String link) {
        return UserAgent.query(URI.create(link).getRawQuery()).get("token");
    }

    /** The login page's "Create an account", followed: the page that asks for the address. */
    private static Http.Response signUpPage(UserAgent agent, SignInScenario app, Map<String, String> request) {
        Http.Response login = agent.get(app.authorizeUri(request));
        assertThat(login.status()).isEqualTo(200);
        Matcher href = SIGN_UP_HREF.matcher(login.body());
        assertThat(href.find()).as("the login page links to the sign-up").isTrue();
        Http.Response page = agent.get(URI.create(href.group(1).replace("&amp;", "&")));
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return page;
    }

    private static Http.Response ask(UserAgent agent, SignInScenario app, Map<String, String> request, String email) {
        return agent.submit(signUpPage(agent, app, request), Map.of("email", email, "name", "Grace Hopper"));
    }

    private static Http.Response enable(SignInScenario app, String json) {
        Http.Response changed = app.admin.patch("admin/tenants/" + app.tenant, json);
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        return changed;
    }

    private static int users(SignInScenario app, String email) throws Exception {
        try (Connection connection = TestInfrastructure.postgres().connect();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT count(*) FROM users WHERE tenant_id = ? AND (lower(email) = lower(?) OR lower(username) = lower(?))")) {
            query.setObject(1, UUID.fromString(app.tenantId));
            query.setString(2, email);
            query.setString(3, email);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static void sql(String statement, Object... values) throws Exception {
        try (Connection connection = TestInfrastructure.postgres().connect(); PreparedStatement update = connection.prepareStatement(statement)) {
            for (int i = 0; i < values.length; i++) {
                update.setObject(i + 1, values[i]);
            }
            update.executeUpdate();
        }
    }

    @Test
    void offByDefaultThenOnTheAnswerIsOneWhetherOrNotTheAddressHasAnAccountAndDeadLinksCreateNothing() throws Exception {
        SignInScenario app = SignInScenario.create(oid.root(), oid.issuer(), "https://app.example/callback", "public", "");
        Map<String, String> request = app.authorizationRequest(SignInScenario.Pkce.create());
        String known = app.username + "@example.com";
        String fresh = "grace-" + app.username.substring(4) + "@example.com";

        // off by default: no link, the pages not available (with or without an application), the setting shown
        UserAgent agent = new UserAgent();
        assertThat(app.admin.get("admin/tenants/" + app.tenant).json().path("sign_up").asBoolean(true)).isFalse();
        assertThat(agent.get(app.authorizeUri(request)).body()).contains("Forgot your password?").doesNotContain("sign-up", "Create an account");
        URI askUri = URI.create(oid.issuer() + "/login/sign-up?client_id=" + app.clientId);
        for (Http.Response off : List.of(agent.get(askUri), agent.get(URI.create(oid.issuer() + "/login/sign-up")),
                agent.postForm(URI.create(oid.issuer() + "/login/sign-up"), Map.of("client_id", app.clientId, "email", fresh)))) {
            assertThat(off.status()).isEqualTo(404);
            assertThat(off.body()).contains("Creating an account is not available here.").doesNotContain("Exception");
        }

        // the admin API: refusals name the field; the domains are stored lower-case, once each
        for (String bad : List.of("{\"sign_up\":\"yes\"}", "{\"sign_up\":null}", "{\"sign_up_domains\":null}",
                "{\"sign_up_domains\":[\"localhost\"]}", "{\"sign_up_domains\":\"example.com\"}", "{\"sign_up_domains\":[\"ada@example.com\"]}")) {
            Http.Response refused = app.admin.patch("admin/tenants/" + app.tenant, bad);
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.header("Content-Type").orElseThrow()).startsWith("application/problem+json");
            assertThat(refused.body()).contains("sign_up");
        }
        Http.Response on = enable(app, "{\"sign_up\":true,\"sign_up_domains\":[\"Example.COM\",\"example.org\"]}");
        assertThat(on.json().path("sign_up").asBoolean()).isTrue();
        assertThat(on.json().path("sign_up_domains").toString()).isEqualTo("[\"example.com\",\"example.org\"]");

        // outside the domains: refused openly on the form, before anything is looked up; nothing sent
        Http.Response outside = ask(agent, app, request, "grace@elsewhere.example");
        assertThat(outside.status()).isEqualTo(200);
        assertThat(outside.body()).contains("only for addresses at example.com, example.org", "aria-describedby=\"form-error email-hint\"",
                "value=\"grace@elsewhere.example\"");
        assertThat(ask(agent, app, request, "not an address").body()).contains("Enter an email address");
        // a name on two lines (header injection into the email), one too long, a huge field: readable pages, nothing sent
        Http.Response twoLines = agent.submit(signUpPage(agent, app, request), Map.of("email", fresh, "name", "Eve\r\nBcc: eve@example.com"));
        assertThat(twoLines.status()).isEqualTo(400);
        assertThat(twoLines.body()).contains("It needs the application you were signing in to.");
        Http.Response longName = agent.submit(signUpPage(agent, app, request), Map.of("email", fresh, "name", "Eve ".repeat(51)));
        assertThat(longName.body()).contains("A name is one line of at most 200 characters.", "value=\"" + fresh + "\"");
        Http.Response huge = agent.submit(signUpPage(agent, app, request), Map.of("email", "x".repeat(70_000) + "@example.com"));
        assertThat(huge.status()).isIn(200, 400);
        assertThat(huge.body()).doesNotContain("Exception", "xxxxxxxxxx");

        // a new address and one that has an account: the same page, byte for byte
        Http.Response newAddress = ask(agent, app, request, fresh.toUpperCase(java.util.Locale.ROOT));
        Http.Response hasAccount = ask(agent, app, request, known);
        assertThat(newAddress.status()).isEqualTo(200);
        assertThat(newAddress.body()).contains("Check your email", "60 minutes").doesNotContain(fresh);
        assertThat(hasAccount.body()).isEqualTo(newAddress.body());
        assertThat(hasAccount.headers().map()).containsOnlyKeys(newAddress.headers().map().keySet());

        // the account's address is told it has one, with the way to a new password and nothing that creates anything
        TestMail.Received told = mail().awaitNth(known, 1, WAIT);
        assertThat(told.subject()).isEqualTo("Your Tenant " + app.tenant + " account");
        assertThat(told.text()).contains("which already has one").doesNotContain("/login/sign-up");
        Matcher forgot = FORGOT.matcher(told.text());
        assertThat(forgot.find()).isTrue();
        assertThat(UserAgent.query(URI.create(forgot.group()).getRawQuery())).isEqualTo(request);
        assertThat(users(app, known)).isEqualTo(1);

        // the new address gets its link; tampered or cut short it is a readable page
        TestMail.Received invited = mail().awaitNth(fresh, 1, WAIT);
        assertThat(invited.subject()).isEqualTo("Create your Tenant " + app.tenant + " account");
        assertThat(invited.text()).contains("Hello Grace Hopper,", "The link works once, for 60 minutes.");
        String link = link(invited);
        String token = token(link);
        char last = token.charAt(token.length() - 1);
        for (String dead : List.of(link.replace(token, token.substring(0, 42) + (last == 'A' ? 'B' : 'A')), link.replace(token, token.substring(1)))) {
            Http.Response page = agent.get(URI.create(dead));
            assertThat(page.status()).isEqualTo(400);
            assertThat(page.body()).contains("This link cannot be used");
        }

        // the address got an account meanwhile (here, by an administrator): a page saying so, nothing created
        Http.Response choose = agent.get(URI.create(link));
        assertThat(choose.status()).isEqualTo(200);
        assertThat(choose.body()).contains("Choose your password", "Your username is " + fresh + ".", "autocomplete=\"new-password\"");
        Map<String, String> noCsrf = new LinkedHashMap<>(UserAgent.hiddenFields(choose.body()));
        noCsrf.remove("csrf");
        noCsrf.put("new_password", PASSWORD);
        noCsrf.put("confirm_password", PASSWORD);
        assertThat(agent.postForm(URI.create(UserAgent.formAction(choose.body())), noCsrf).status()).isEqualTo(403);
        assertThat(agent.submit(choose, Map.of("new_password", PASSWORD, "confirm_password", "other " + PASSWORD)).body())
                .contains("not the same");
        Http.Response byAdmin = app.admin.post("admin/tenants/" + app.tenant + "/users",
                "{\"username\":\"grace\",\"email\":\"" + fresh + "\",\"password\":\"" + PASSWORD + " admin\"}");
        assertThat(byAdmin.status()).as(byAdmin.body()).isEqualTo(201);
        Http.Response taken = agent.submit(choose, Map.of("new_password", PASSWORD, "confirm_password", PASSWORD));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.body()).contains("This address already has an account", "Nothing has been created");
        assertThat(users(app, fresh)).isEqualTo(1);
        // used once: the link is dead now
        assertThat(agent.get(URI.create(link)).status()).isEqualTo(400);

        // a third address: expired, then sign-up turned off while its link is out: dead pages, nothing created
        String third = "ada3-" + app.username.substring(4) + "@example.org";
        ask(agent, app, request, third);
        String thirdLink = link(mail().awaitNth(third, 1, WAIT));
        Http.Response thirdPage = agent.get(URI.create(thirdLink));
        assertThat(thirdPage.status()).isEqualTo(200);
        enable(app, "{\"sign_up\":false}");
        assertThat(agent.submit(thirdPage, Map.of("new_password", PASSWORD, "confirm_password", PASSWORD)).status()).isEqualTo(400);
        assertThat(agent.get(app.authorizeUri(request)).body()).doesNotContain("Create an account");
        assertThat(agent.get(askUri).status()).isEqualTo(404);
        enable(app, "{\"sign_up\":true}");
        sql("UPDATE sign_ups SET expires_at = now() - interval '1 second' WHERE tenant_id = ?", UUID.fromString(app.tenantId));
        Http.Response expired = agent.submit(thirdPage, Map.of("new_password", PASSWORD, "confirm_password", PASSWORD));
        assertThat(expired.status()).isEqualTo(400);
        assertThat(expired.body()).contains("This link cannot be used");
        assertThat(users(app, third)).isZero();

        // announced: whether the address had an account, by its domain; never the address, the link or its token
        OutboxRows.awaitAllPublished(TestInfrastructure.postgres());
        List<OutboxRows.Row> events = OutboxRows.rows(TestInfrastructure.postgres()).stream()
                .filter(row -> row.tenantId().equals(app.tenantId)).toList();
        List<OutboxRows.Row> requested = events.stream().filter(row -> row.type().equals("oid.user.sign_up_requested")).toList();
        assertThat(requested).hasSize(3).allSatisfy(row -> assertThat(row.payload()).doesNotContain(fresh, known, third, "@example"));
        assertThat(requested).filteredOn(row -> row.payload().contains("\"account_exists\":true")).hasSize(1);
        assertThat(events).noneMatch(row -> row.type().equals("oid.user.signed_up"));
        assertThat(events).allSatisfy(row -> assertThat(row.payload()).doesNotContain(token, "/login/sign-up"));
    }

    @Test
    void inChromiumAPersonSignsUpAndLandsSignedInAtTheClientThenInFrenchARequiredSecondFactorComesFirst() throws Exception {
        try (CallbackServer application = CallbackServer.start(); Browser browser = Browser.start()) {
            SignInScenario app = SignInScenario.create(oid.root(), oid.issuer(), application.uri("/callback"), "public", "");
            enable(app, "{\"sign_up\":true}");
            String address = "lin-" + app.username.substring(4) + "@example.net";
            OIDCProviderMetadata op = OIDCProviderMetadata.resolve(new Issuer(oid.issuer()));
            ClientID client = new ClientID(app.clientId);
            URI callback = URI.create(app.redirectUri);
            CodeVerifier verifier = new CodeVerifier();
            Nonce nonce = new Nonce();
            State state = new State();
            AuthenticationRequest authentication = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid", "email"), client,
                    callback).endpointURI(op.getAuthorizationEndpointURI()).state(state).nonce(nonce)
                    .codeChallenge(verifier, CodeChallengeMethod.S256).build();

            WebDriver driver = browser.driver();
            driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(20));
            browser.open(authentication.toURI().toString());
            driver.findElement(By.linkText("Create an account")).click();
            driver.findElement(By.id("email")).sendKeys(address);
            driver.findElement(By.id("name")).sendKeys("Lin Ada");
            driver.findElement(By.cssSelector("button[type=submit]")).click();
            awaitHeading(driver, "Check your email");

            browser.open(link(mail().awaitNth(address, 1, WAIT)));
            awaitHeading(driver, "Choose your password");
            driver.findElement(By.id("new_password")).sendKeys(PASSWORD);
            driver.findElement(By.id("confirm_password")).sendKeys(PASSWORD);
            driver.findElement(By.cssSelector("button[type=submit]")).click();

            Map<String, String> answer = application.awaitRequest("/callback", WAIT);
            assertThat(answer).containsEntry("state", state.getValue()).containsKey("code");
            TokenResponse exchanged = OIDCTokenResponseParser.parse(new TokenRequest(op.getTokenEndpointURI(), client,
                    new AuthorizationCodeGrant(new AuthorizationCode(answer.get("code")), callback, verifier)).toHTTPRequest().send());
            assertThat(exchanged.indicatesSuccess()).as(() -> exchanged.toErrorResponse().getErrorObject().toString()).isTrue();
            OIDCTokens tokens = ((OIDCTokenResponse) exchanged.toSuccessResponse()).getOIDCTokens();
            IDTokenClaimsSet id = new IDTokenValidator(op.getIssuer(), client, JWSAlgorithm.RS256, op.getJWKSetURI().toURL())
                    .validate(tokens.getIDToken(), nonce);
            assertThat(id.getStringListClaim("amr")).containsExactly("pwd");
            UserInfo info = UserInfoResponse.parse(new UserInfoRequest(op.getUserInfoEndpointURI(), tokens.getBearerAccessToken())
                    .toHTTPRequest().send()).toSuccessResponse().getUserInfo();
            assertThat(info.getSubject()).isEqualTo(id.getSubject());
            assertThat(info.getEmailAddress()).isEqualTo(address);
            assertThat(info.getEmailVerified()).isTrue();
            OutboxRows.awaitAllPublished(TestInfrastructure.postgres());
            assertThat(OutboxRows.rows(TestInfrastructure.postgres())).filteredOn(row -> row.type().equals("oid.user.signed_up"))
                    .filteredOn(row -> row.payload().contains(id.getSubject().getValue()))
                    .singleElement().satisfies(row -> assertThat(row.payload()).contains(app.clientId).doesNotContain(address));
            // the session is the account's: the next authorization request of the client needs no password
            browser.open(authentication.toURI().toString());
            assertThat(application.awaitRequest("/callback", WAIT)).containsKey("code");

            // in French, in a tenant that requires a second factor: the sign-up ends on setting one up, no code yet
            enable(app, "{\"mfa_policy\":\"required\"}");
            String french = "lea-" + app.username.substring(4) + "@example.net";
            UserAgent agent = new UserAgent();
            Map<String, String> request = app.authorizationRequest(SignInScenario.Pkce.create());
            request.put("ui_locales", "fr");
            Http.Response sent = ask(agent, app, request, french);
            assertThat(sent.body()).contains("Consultez vos e-mails", "lang=\"fr\"");
            TestMail.Received received = mail().awaitNth(french, 1, WAIT);
            assertThat(received.subject()).isEqualTo("Créez votre compte Tenant " + app.tenant);
            assertThat(received.contentLanguage()).isEqualTo("fr");
            Http.Response choose = agent.get(URI.create(link(received)));
            assertThat(choose.body()).contains("Choisissez votre mot de passe", "lang=\"fr\"");
            Http.Response next = agent.submit(choose, Map.of("new_password", PASSWORD, "confirm_password", PASSWORD));
            assertThat(next.status()).as(next.body()).isEqualTo(200);
            assertThat(next.body()).contains("lang=\"fr\"", "name=\"method\"");
            assertThat(users(app, french)).isEqualTo(1);
        }
    }

    /** The next page, once it has come: its heading (the one before may still be read while it loads). */
    private static void awaitHeading(WebDriver driver, String heading) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!heading(driver).equals(heading)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected the page \"" + heading + "\", still on \"" + heading(driver) + "\" at " + driver.getCurrentUrl());
            }
            Thread.sleep(100);
        }
    }

    private static String heading(WebDriver driver) {
        try {
            return driver.findElement(By.tagName("h1")).getText();
        } catch (StaleElementReferenceException loading) {
            return ""; // the page changed under us: read the new one next time
        }
    }
}
