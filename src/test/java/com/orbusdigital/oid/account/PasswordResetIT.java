package com.orbusdigital.oid.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.testing.Browser;
import com.orbusdigital.oid.testing.CallbackServer;
import com.orbusdigital.oid.testing.FactorRows;
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
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;

/**
 * Issue 17: the forgotten password on the real Tomcat, PostgreSQL and an SMTP server (GreenMail).
 * The login page links to it with the authorization request; the one answer page is the same for
 * an account and for no account; the email (English or French, the name escaped) carries a link
 * that sets the password once, ends the user's sessions and refresh tokens, lifts the lock, and
 * goes back into the sign-in; expired, used, tampered links and a link opened in another user's
 * browser change nothing; the limits answer the same page and send nothing more.
 */
@OidIT
class PasswordResetIT {

    private static final String NEW_PASSWORD = "quartz meadow lantern harbour";
    private static final String NEWER_PASSWORD = "copper violin orchard glacier";
    private static final Duration MAIL_WAIT = Duration.ofSeconds(30);
    private static final Pattern HREF = Pattern.compile("href=\"([^\"]*password/forgot[^\"]*)\"");

    private RunningOid oid;
    private SignInScenario scenario;

    @BeforeEach
    void setUp() {
        scenario = SignInScenario.create(oid.root(), oid.issuer(), "https://app.example/callback", "public", "");
    }

    private String email() {
        return scenario.username + "@example.com";
    }

    /** The login page's "Forgot your password?" link, followed: the page that asks for the username or address. */
    private Http.Response forgotPage(UserAgent agent, Map<String, String> request) {
        Http.Response login = agent.get(scenario.authorizeUri(request));
        assertThat(login.status()).isEqualTo(200);
        Matcher link = HREF.matcher(login.body());
        assertThat(link.find()).as("the login page links to the forgotten password").isTrue();
        Http.Response page = agent.get(URI.create(link.group(1).replace("&amp;", "&")));
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return page;
    }

    private Http.Response ask(UserAgent agent, Map<String, String> request, String login) {
        return agent.submit(forgotPage(agent, request), Map.of("login", login));
    }

    private static TestMail mail() {
        return TestInfrastructure.mail();
    }

    private void sql(String statement, Object... values) throws Exception {
        try (Connection connection = TestInfrastructure.postgres().connect(); PreparedStatement update = connection.prepareStatement(statement)) {
            for (int i = 0; i < values.length; i++) {
                update.setObject(i + 1, values[i]);
            }
            update.executeUpdate();
        }
    }

    @Test
    void theEmailedLinkSetsTheNewPasswordOnceEndsEverySessionLiftsTheLockAndGoesBackIntoTheSignIn() throws Exception {
        // a session elsewhere, with a refresh token, and the account locked by wrong passwords
        SignInScenario.Pkce pkce = SignInScenario.Pkce.create();
        Map<String, String> earlier = scenario.authorizationRequest(pkce);
        UserAgent elsewhere = new UserAgent();
        Http.Response tokens = scenario.exchange(scenario.code(scenario.signIn(elsewhere, earlier, SignInScenario.PASSWORD), earlier), pkce);
        String refreshToken = tokens.json().path("refresh_token").asText();
        sql("UPDATE users SET locked_until = now() + interval '1 hour', failed_logins = 3, lockouts = 2 WHERE id = ?", UUID.fromString(scenario.userId));

        UserAgent agent = new UserAgent();
        SignInScenario.Pkce next = SignInScenario.Pkce.create();
        Map<String, String> request = scenario.authorizationRequest(next);
        Http.Response sent = ask(agent, request, scenario.username);
        assertThat(sent.status()).isEqualTo(200);
        assertThat(sent.body()).contains("Check your email", "15 minutes").doesNotContain(scenario.username, email());
        assertThat(sent.body()).as("one status drawing: the page's own").contains("status-done").doesNotContain("status-error");

        TestMail.Received received = mail().awaitNth(email(), 1, MAIL_WAIT);
        assertThat(received.subject()).isEqualTo("Reset your Tenant " + scenario.tenant + " password");
        assertThat(received.contentLanguage()).isEqualTo("en");
        assertThat(received.messageId()).matches("<[0-9a-f-]{36}@127\\.0\\.0\\.1>");
        assertThat(received.text()).contains("Hello Ada Lovelace,", "The link works once, for 15 minutes.");
        String link = received.resetLink();
        assertThat(received.html()).contains("href=\"" + link.replace("&", "&amp;") + "\"", "Choose a new password");

        // the link's page; a mismatch and a password the policy refuses change nothing and keep the link usable
        Http.Response choose = agent.get(URI.create(link));
        assertThat(choose.status()).isEqualTo(200);
        assertThat(choose.body()).contains("Choose a new password", "autocomplete=\"new-password\"");
        Http.Response mismatch = agent.submit(choose, Map.of("new_password", NEW_PASSWORD, "confirm_password", NEW_PASSWORD + "!"));
        assertThat(mismatch.body()).contains("not the same", "aria-describedby=\"form-error\"");
        Http.Response weak = agent.submit(choose, Map.of("new_password", "short", "confirm_password", "short"));
        assertThat(weak.body()).contains("too short");

        Http.Response done = agent.submit(choose, Map.of("new_password", NEW_PASSWORD, "confirm_password", NEW_PASSWORD));
        assertThat(done.status()).as(done.body()).isEqualTo(303);
        URI back = URI.create(done.header("Location").orElseThrow());
        assertThat(back.toString()).startsWith(oid.issuer() + "/authorize?");
        assertThat(UserAgent.query(back.getRawQuery())).isEqualTo(request);

        // back into the sign-in it came from: the login page (no session), the new password, the client's code
        Http.Response login = agent.get(back);
        assertThat(login.status()).isEqualTo(200);
        Http.Response signedIn = agent.submit(login, Map.of("username", scenario.username, "password", NEW_PASSWORD));
        assertThat(scenario.exchange(scenario.code(signedIn, request), next).status()).isEqualTo(200);
        Map<String, String> withOld = scenario.authorizationRequest(SignInScenario.Pkce.create());
        assertThat(scenario.signIn(new UserAgent(), withOld, SignInScenario.PASSWORD).status()).isEqualTo(200); // the form again: refused

        // every other session and refresh token ended
        Http.Response again = elsewhere.get(scenario.authorizeUri(scenario.authorizationRequest(SignInScenario.Pkce.create())));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).contains("name=\"password\"");
        assertThat(scenario.refresh(refreshToken).json().path("error").asText()).isEqualTo("invalid_grant");

        // used once: the same link again is a readable page, and changes nothing
        Http.Response reused = new UserAgent().get(URI.create(link));
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.body()).contains("This link cannot be used");
        Http.Response replayed = agent.postForm(URI.create(link.substring(0, link.indexOf('?'))), Map.of("token",
                UserAgent.query(URI.create(link).getRawQuery()).get("token"), "new_password", NEWER_PASSWORD, "confirm_password", NEWER_PASSWORD));
        assertThat(replayed.status()).isEqualTo(400);
        Map<String, String> afterReplay = scenario.authorizationRequest(SignInScenario.Pkce.create());
        assertThat(scenario.code(scenario.signIn(new UserAgent(), afterReplay, NEW_PASSWORD), afterReplay)).isNotEmpty();

        // announced, without the link, the token or the address in full
        OutboxRows.awaitAllPublished(TestInfrastructure.postgres());
        List<OutboxRows.Row> events = OutboxRows.rows(TestInfrastructure.postgres()).stream()
                .filter(row -> row.tenantId().equals(scenario.tenantId)).toList();
        assertThat(events).extracting(OutboxRows.Row::type)
                .contains("oid.password_reset.requested", "oid.email.sent", "oid.password_reset.completed", "oid.user.password_changed");
        String token = UserAgent.query(URI.create(link).getRawQuery()).get("token");
        assertThat(events).allSatisfy(row -> assertThat(row.payload()).doesNotContain(token, "/login/password/reset"));
        assertThat(events).filteredOn(row -> row.type().startsWith("oid.email.") || row.type().startsWith("oid.password_reset."))
                .hasSize(3).allSatisfy(row -> assertThat(row.payload()).doesNotContain(email()));
        assertThat(events.stream().filter(row -> row.type().equals("oid.email.sent")).findFirst().orElseThrow().payload())
                .contains("\"recipient_domain\":\"example.com\"", "\"via\":\"smtp\"");
    }

    @Test
    void theAnswerIsTheSameForAnAccountAndForNoneAndTheLimitsSendNothingMore() throws Exception {
        Map<String, String> request = scenario.authorizationRequest(SignInScenario.Pkce.create());
        UserAgent agent = new UserAgent();
        Http.Response known = ask(agent, request, email());
        Http.Response unknown = ask(agent, request, "nobody-" + scenario.username.substring(4) + "@example.com");
        Http.Response notAnAddress = ask(agent, request, "no-such-user-" + scenario.username);
        assertThat(known.status()).isEqualTo(200);
        assertThat(unknown.body()).isEqualTo(known.body());
        assertThat(notAnAddress.body()).isEqualTo(known.body());
        assertThat(unknown.headers().map()).containsOnlyKeys(known.headers().map().keySet());

        // three a quarter of an hour for one account; the fourth gets the same page and no email
        ask(agent, request, scenario.username);
        ask(agent, request, email().toUpperCase(java.util.Locale.ROOT));
        Http.Response limited = ask(agent, request, scenario.username);
        assertThat(limited.body()).isEqualTo(known.body());
        mail().awaitNth(email(), 3, MAIL_WAIT);
        // a later email to someone else has left once the relay has passed the limited request (one row at a time, in order)
        SignInScenario other = SignInScenario.create(oid.root(), oid.issuer(), "https://app.example/callback", "public", "");
        ask(new UserAgent(), other.authorizationRequest(SignInScenario.Pkce.create()), other.username);
        mail().awaitNth(other.username + "@example.com", 1, MAIL_WAIT);
        assertThat(mail().to(email())).hasSize(3);
        // announced for the three sent, never for an address no account has nor past the limit
        assertThat(OutboxRows.rows(TestInfrastructure.postgres())).filteredOn(row -> row.tenantId().equals(scenario.tenantId))
                .filteredOn(row -> row.type().equals("oid.password_reset.requested")).hasSize(3);

        // the form without its CSRF field, without the application, with a huge value: readable pages, nothing sent
        Http.Response page = forgotPage(agent, request);
        Map<String, String> noCsrf = new LinkedHashMap<>(UserAgent.hiddenFields(page.body()));
        noCsrf.remove("csrf");
        noCsrf.put("login", other.username);
        assertThat(agent.postForm(URI.create(UserAgent.formAction(page.body())), noCsrf).status()).isEqualTo(403);
        assertThat(new UserAgent().get(URI.create(oid.issuer() + "/login/password/forgot")).status()).isEqualTo(400);
        Http.Response huge = agent.submit(page, Map.of("login", "x".repeat(70_000)));
        assertThat(huge.status()).isIn(200, 400);
        assertThat(huge.body()).doesNotContain("Exception", "xxxxxxxxxx");
        assertThat(mail().to(other.username + "@example.com")).hasSize(1);
    }

    @Test
    void deadLinksAndAnotherUsersBrowserChangeNothingAndTheEmailSpeaksFrenchAndEscapesNames() throws Exception {
        Http.Response renamed = scenario.admin.patch("admin/tenants/" + scenario.tenant + "/users/" + scenario.userId,
                "{\"name\":\"<b>Ada</b> & co\"}");
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        Map<String, String> request = scenario.authorizationRequest(SignInScenario.Pkce.create());
        request.put("ui_locales", "fr");
        UserAgent agent = new UserAgent();
        Http.Response sent = ask(agent, request, scenario.username);
        assertThat(sent.body()).contains("Consultez vos e-mails", "lang=\"fr\"");
        TestMail.Received french = mail().awaitNth(email(), 1, MAIL_WAIT);
        assertThat(french.subject()).isEqualTo("Réinitialisez votre mot de passe Tenant " + scenario.tenant);
        assertThat(french.contentLanguage()).isEqualTo("fr");
        assertThat(french.html()).contains("Bonjour &lt;b&gt;Ada&lt;/b&gt; &amp; co,").doesNotContain("<b>Ada</b>");
        String link = french.resetLink();
        String token = UserAgent.query(URI.create(link).getRawQuery()).get("token");

        // tampered: one character changed, or cut short
        char last = token.charAt(token.length() - 1);
        String tampered = link.replace(token, token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A'));
        assertThat(agent.get(URI.create(tampered)).status()).isEqualTo(400);
        assertThat(agent.get(URI.create(link.replace(token, token.substring(1)))).status()).isEqualTo(400);

        // opened in a browser signed in to another account: a page saying so, the link still unused
        SignInScenario other = SignInScenario.create(oid.root(), oid.issuer(), "https://app.example/callback", "public", "");
        UserAgent otherBrowser = new UserAgent();
        Map<String, String> otherRequest = other.authorizationRequest(SignInScenario.Pkce.create());
        other.code(other.signIn(otherBrowser, otherRequest, SignInScenario.PASSWORD), otherRequest);
        Http.Response refused = otherBrowser.get(URI.create(link));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("Un autre compte est connecté");
        Http.Response choose = agent.get(URI.create(link));
        assertThat(choose.status()).isEqualTo(200);
        Map<String, String> fields = new LinkedHashMap<>(UserAgent.hiddenFields(choose.body()));
        fields.put("new_password", NEW_PASSWORD);
        fields.put("confirm_password", NEW_PASSWORD);
        assertThat(otherBrowser.postForm(URI.create(UserAgent.formAction(choose.body())), fields).status()).isEqualTo(409);

        // the password changed by another route (the admin API): the link is dead, the admin's password stays
        Http.Response byAdmin = scenario.admin.call("PUT", "admin/tenants/" + scenario.tenant + "/users/" + scenario.userId + "/password",
                "{\"password\":\"" + NEWER_PASSWORD + "\"}");
        assertThat(byAdmin.status()).as(byAdmin.body()).isIn(200, 204);
        Http.Response dead = agent.submit(choose, Map.of("new_password", NEW_PASSWORD, "confirm_password", NEW_PASSWORD));
        assertThat(dead.status()).isEqualTo(400);
        assertThat(dead.body()).contains("Ce lien ne peut pas être utilisé");

        // expired: a fresh link whose quarter of an hour is over
        ask(agent, request, scenario.username);
        String fresh = UserAgent.query(URI.create(mail().awaitNth(email(), 2, MAIL_WAIT).resetLink()).getRawQuery()).get("token");
        sql("UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE user_id = ? AND used_at IS NULL",
                UUID.fromString(scenario.userId));
        assertThat(agent.get(URI.create(oid.issuer() + "/login/password/reset?token=" + fresh)).status()).isEqualTo(400);
        Http.Response signedIn = scenario.signIn(new UserAgent(), scenario.authorizationRequest(SignInScenario.Pkce.create()), NEWER_PASSWORD);
        assertThat(signedIn.status()).isEqualTo(303);
    }

    @Test
    void anEmailTheServerCouldNotTakeWaitsSealedInTheOutboxAndLeavesOnceItIsBackAndItsLinkIsNoSecondFactor() throws Exception {
        Map<String, String> request = scenario.authorizationRequest(SignInScenario.Pkce.create());
        mail().stop();
        try {
            ask(new UserAgent(), request, scenario.username);
            // the relay tried, failed, and put the message off (10 s first); its body stays sealed meanwhile
            assertThat(awaitOutbox("attempts >= 1 AND sent_at IS NULL AND last_error = 'unreachable' AND next_attempt_at > now()"
                    + " AND position(convert_to(?, 'UTF8') IN sealed) = 0")).isTrue();
        } finally {
            mail().start();
        }
        sql("UPDATE mail_outbox SET next_attempt_at = now() WHERE tenant_id = ? AND sent_at IS NULL", UUID.fromString(scenario.tenantId));
        TestMail.Received received = mail().awaitNth(email(), 1, MAIL_WAIT);
        assertThat(awaitOutbox("attempts = 2 AND sent_at IS NOT NULL AND sealed IS NULL AND ? <> ''")).isTrue();

        // a reset link is not a factor: a user with an authenticator app still proves it at the next sign-in
        new FactorRows(TestInfrastructure.postgres()).totp(UUID.fromString(scenario.tenantId), UUID.fromString(scenario.userId),
                new byte[20], java.time.Instant.now(), java.time.Instant.now());
        UserAgent agent = new UserAgent();
        Http.Response done = agent.submit(agent.get(URI.create(received.resetLink())),
                Map.of("new_password", NEW_PASSWORD, "confirm_password", NEW_PASSWORD));
        Http.Response login = agent.get(URI.create(done.header("Location").orElseThrow()));
        Http.Response next = agent.submit(login, Map.of("username", scenario.username, "password", NEW_PASSWORD));
        assertThat(next.status()).as("no code yet: the second factor first").isEqualTo(200);
        assertThat(next.body()).contains("autocomplete=\"one-time-code\"");
    }

    /** Waits until this tenant's one mail_outbox row matches {@code condition} (which takes the user's address as its parameter). */
    private boolean awaitOutbox(String condition) throws Exception {
        long deadline = System.nanoTime() + MAIL_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection connection = TestInfrastructure.postgres().connect();
                 PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM mail_outbox WHERE tenant_id = ? AND " + condition)) {
                query.setObject(1, UUID.fromString(scenario.tenantId));
                query.setString(2, email());
                try (java.sql.ResultSet rows = query.executeQuery()) {
                    rows.next();
                    if (rows.getInt(1) == 1) {
                        return true;
                    }
                }
            }
            Thread.sleep(200);
        }
        return false;
    }

    @Test
    void inChromiumThePersonFollowsTheLinkFromTheEmailAndSignsInInEnglishThenInFrench() throws Exception {
        try (CallbackServer application = CallbackServer.start(); Browser browser = Browser.start()) {
            SignInScenario app = SignInScenario.create(oid.root(), oid.issuer(), application.uri("/callback"), "public", "");
            String address = app.username + "@example.com";
            WebDriver driver = browser.driver();
            driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(20));
            String[][] passes = {
                {"en", "Forgot your password?", "Check your email", "Reset your Tenant " + app.tenant + " password", NEW_PASSWORD, "Sign in"},
                {"fr", "Mot de passe oublié ?", "Consultez vos e-mails", "Réinitialisez votre mot de passe Tenant " + app.tenant,
                    NEWER_PASSWORD, "Connexion"}};
            for (int i = 0; i < passes.length; i++) {
                String[] pass = passes[i];
                Map<String, String> request = app.authorizationRequest(SignInScenario.Pkce.create());
                request.put("ui_locales", pass[0]);
                if (i > 0) {
                    request.put("prompt", "login"); // the first pass left a session; the request is carried through the reset
                }
                browser.open(app.authorizeUri(request).toString());
                driver.findElement(By.linkText(pass[1])).click();
                driver.findElement(By.id("login")).sendKeys(app.username);
                assertThat(stylesheetRules(driver)).as("oid.css found two levels down").isPositive();
                driver.findElement(By.cssSelector("button[type=submit]")).click();
                awaitHeading(driver, pass[2]);

                TestMail.Received received = mail().awaitNth(address, i + 1, MAIL_WAIT);
                assertThat(received.subject()).isEqualTo(pass[3]);
                browser.open(received.resetLink());
                driver.findElement(By.id("new_password")).sendKeys(pass[4]);
                driver.findElement(By.id("confirm_password")).sendKeys(pass[4]);
                driver.findElement(By.cssSelector("button[type=submit]")).click();

                // back on the login page of the same sign-in, in the same language: the new password finishes it
                awaitHeading(driver, pass[5]);
                driver.findElement(By.id("username")).sendKeys(app.username);
                driver.findElement(By.id("password")).sendKeys(pass[4]);
                driver.findElement(By.cssSelector("form[method=post] button[type=submit]")).click();
                Map<String, String> callback = application.awaitRequest("/callback", MAIL_WAIT);
                assertThat(callback).containsEntry("state", request.get("state")).containsKey("code");
            }
            browser.screenshot("password-reset-fr");
        }
    }

    /** The next page, once it has come: its heading (the one before may still be read while it loads). */
    private static void awaitHeading(WebDriver driver, String heading) {
        long deadline = System.nanoTime() + MAIL_WAIT.toNanos();
        String seen = "";
        while (System.nanoTime() < deadline) {
            try {
                seen = driver.findElement(By.tagName("h1")).getText();
                if (seen.equals(heading)) {
                    return;
                }
            } catch (StaleElementReferenceException loading) {
                // the page changed under us: read the new one
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("expected the page \"" + heading + "\", still on \"" + seen + "\" at " + driver.getCurrentUrl());
    }

    private static long stylesheetRules(WebDriver driver) {
        Object rules = ((JavascriptExecutor) driver)
                .executeScript("return document.styleSheets.length > 0 ? document.styleSheets[0].cssRules.length : 0");
        return ((Number) rules).longValue();
    }
}
