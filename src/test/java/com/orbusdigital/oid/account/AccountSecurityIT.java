package com.orbusdigital.oid.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.factor.Base32;
import com.orbusdigital.oid.testing.AuthenticatorApp;
import com.orbusdigital.oid.testing.Browser;
import com.orbusdigital.oid.testing.FactorRows;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.SecondFactorSetup;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.TestInfrastructure;
import com.orbusdigital.oid.testing.UserAgent;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * The account's security page: a browser without a session signs in to its tenant through the
 * usual login page and lands on the page; it changes the password (the current one required, the
 * policy applied, the other sessions ended), ends its other sessions, and is asked to sign in again
 * before a change when its sign-in is older than a few minutes. Forms without the page's CSRF field
 * change nothing.
 */
@OidIT
class AccountSecurityIT {

    private static final String NEW_PASSWORD = "quartz meadow lantern harbour";

    private RunningOid oid;
    private SignInScenario scenario;

    @BeforeEach
    void setUp() {
        scenario = SignInScenario.create(oid.root(), oid.issuer(), "https://app.example/callback", "public", "");
    }

    private URI page(String query) {
        return URI.create(oid.issuer() + "/account/security" + query);
    }

    /** Opens the page without a session, signs in on the login page it sends to, and answers the page it lands on. */
    private Http.Response signedInPage(UserAgent agent, String password) {
        Http.Response start = agent.get(page("?tenant=" + scenario.tenant));
        assertThat(start.status()).isEqualTo(302);
        Http.Response login = agent.get(URI.create(start.header("Location").orElseThrow()));
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.body()).contains("name=\"password\"");
        Http.Response back = agent.submit(login, Map.of("username", scenario.username, "password", password));
        assertThat(back.status()).as(back.body()).isEqualTo(303);
        // back to the page itself: no code for the account pages' own client, which is never stored
        assertThat(back.header("Location")).contains(oid.issuer() + "/account/security");
        Http.Response landed = agent.get(page(""));
        assertThat(landed.status()).isEqualTo(200);
        return landed;
    }

    private static Map<String, String> form(Http.Response page, String action, Map<String, String> fields) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("csrf", UserAgent.hiddenFields(page.body()).get("csrf"));
        form.put("action", action);
        form.putAll(fields);
        return form;
    }

    @Test
    void aBrowserWithoutASessionSignsInToItsTenantAndSeesItsAccount() {
        UserAgent agent = new UserAgent();
        Http.Response landed = signedInPage(agent, SignInScenario.PASSWORD);

        assertThat(landed.body()).contains(scenario.username, "Tenant " + scenario.tenant, "Change password", "This browser");
        assertThat(landed.header("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).contains("form-action 'self'"));
    }

    @Test
    void withoutATenantOrASessionThePageSaysHowToReachIt() {
        Http.Response answer = new UserAgent().get(page(""));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("?tenant=");
        Http.Response unknown = new UserAgent().get(page("?tenant=no-such-tenant-here"));
        assertThat(unknown.status()).isEqualTo(400);
    }

    @Test
    void thePasswordChangesOnlyWithTheCurrentOneAndAPasswordThePolicyAccepts() {
        UserAgent agent = new UserAgent();
        Http.Response landed = signedInPage(agent, SignInScenario.PASSWORD);
        UserAgent elsewhere = new UserAgent();
        signedInPage(elsewhere, SignInScenario.PASSWORD);

        Http.Response wrong = agent.postForm(page(""), form(landed, "password", Map.of("current_password", "not it",
                "new_password", NEW_PASSWORD, "confirm_password", NEW_PASSWORD)));
        assertThat(wrong.status()).isEqualTo(200);
        assertThat(wrong.body()).contains("current password is not right");
        Http.Response mismatch = agent.postForm(page(""), form(landed, "password", Map.of("current_password", SignInScenario.PASSWORD,
                "new_password", NEW_PASSWORD, "confirm_password", NEW_PASSWORD + "!")));
        assertThat(mismatch.body()).contains("not the same");
        Http.Response weak = agent.postForm(page(""), form(landed, "password", Map.of("current_password", SignInScenario.PASSWORD,
                "new_password", "short", "confirm_password", "short")));
        assertThat(weak.body()).contains("too short");

        Http.Response changed = agent.postForm(page(""), form(landed, "password", Map.of("current_password", SignInScenario.PASSWORD,
                "new_password", NEW_PASSWORD, "confirm_password", NEW_PASSWORD)));
        assertThat(changed.status()).isEqualTo(303);
        assertThat(agent.get(URI.create(changed.header("Location").orElseThrow())).body()).contains("password has been changed");

        // the other browser was signed out; the old password no longer works, the new one does
        assertThat(elsewhere.get(page("")).status()).isEqualTo(400);
        Http.Response old = scenario.signIn(new UserAgent(), scenario.authorizationRequest(SignInScenario.Pkce.create()),
                SignInScenario.PASSWORD);
        assertThat(old.status()).isEqualTo(200);
        assertThat(old.body()).contains("not right");
        assertThat(scenario.signIn(new UserAgent(), scenario.authorizationRequest(SignInScenario.Pkce.create()), NEW_PASSWORD).status())
                .isEqualTo(303);
    }

    @Test
    void endingTheOtherSessionsSignsOutEveryOtherBrowserButThisOne() {
        UserAgent agent = new UserAgent();
        signedInPage(agent, SignInScenario.PASSWORD);
        UserAgent second = new UserAgent();
        signedInPage(second, SignInScenario.PASSWORD);
        UserAgent third = new UserAgent();
        signedInPage(third, SignInScenario.PASSWORD);

        Http.Response listed = agent.get(page(""));
        assertThat(listed.body().split("<li class=\"session\">", -1)).as("three sessions listed").hasSize(4);
        Http.Response ended = agent.postForm(page(""), form(listed, "end_other_sessions", Map.of()));

        assertThat(ended.status()).isEqualTo(303);
        assertThat(agent.get(URI.create(ended.header("Location").orElseThrow())).body()).contains("signed out everywhere else (2 sessions)");
        assertThat(second.get(page("")).status()).isEqualTo(400);
        assertThat(third.get(page("")).status()).isEqualTo(400);
        assertThat(agent.get(page("")).status()).isEqualTo(200);
    }

    @Test
    void aFormWithoutThePagesCsrfFieldChangesNothing() {
        UserAgent agent = new UserAgent();
        Http.Response landed = signedInPage(agent, SignInScenario.PASSWORD);
        Map<String, String> forged = form(landed, "password", Map.of("current_password", SignInScenario.PASSWORD,
                "new_password", NEW_PASSWORD, "confirm_password", NEW_PASSWORD));
        forged.put("csrf", "1765000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        Http.Response refused = agent.postForm(page(""), forged);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(scenario.signIn(new UserAgent(), scenario.authorizationRequest(SignInScenario.Pkce.create()), SignInScenario.PASSWORD)
                .status()).as("the password is unchanged").isEqualTo(303);
    }

    @Test
    void aChangeFromASessionSignedInLongerAgoAsksToSignInAgainFirst() {
        UserAgent agent = new UserAgent();
        Http.Response landed = signedInPage(agent, SignInScenario.PASSWORD);
        oid.fixtures().ageSessions(java.util.UUID.fromString(scenario.userId), Duration.ofMinutes(10));

        Http.Response asked = agent.postForm(page(""), form(landed, "end_other_sessions", Map.of()));

        assertThat(asked.status()).isEqualTo(303);
        assertThat(asked.header("Location")).hasValueSatisfying(location -> assertThat(location).contains("/authorize?", "max_age=300"));
        Http.Response login = agent.get(URI.create(asked.header("Location").orElseThrow()));
        assertThat(login.status()).as("the login page again, despite the session").isEqualTo(200);
        assertThat(login.body()).contains("name=\"password\"");
    }

    @Test
    void passkeysAreListedRenamedAndRemovedAndTheLastFactorARequiredPolicyNeedsStays() {
        UserAgent agent = new UserAgent();
        signedInPage(agent, SignInScenario.PASSWORD);
        UUID tenant = UUID.fromString(scenario.tenantId);
        UUID user = UUID.fromString(scenario.userId);
        FactorRows rows = new FactorRows(TestInfrastructure.postgres());
        Instant created = Instant.parse("2026-11-02T09:30:00Z");
        UUID laptop = rows.passkey(tenant, user, "Laptop", new byte[] {1, 2, 3}, new byte[] {4}, false, null, created, null);
        UUID phone = rows.passkey(tenant, user, "Phone", new byte[] {5, 6, 7}, new byte[] {8}, true, null, created, created.plusSeconds(60));
        byte[] secret = new byte[20];
        secret[0] = 7;
        rows.totp(tenant, user, secret, created, created);
        AuthenticatorApp app = new AuthenticatorApp(Base32.encode(secret));

        Http.Response listed = agent.get(page(""));
        // the session proved the password only, and the user has more: a change first asks for the app's code
        Http.Response asked = agent.postForm(page(""), form(listed, "rename_passkey", Map.of("passkey", laptop.toString(),
                "name", "Laptop")));
        assertThat(asked.header("Location")).hasValueSatisfying(location -> assertThat(location).contains("acr_values=mfa"));
        assertThat(rows.count(user)[0]).isEqualTo(2);
        stepUpWithTheApp(agent, asked, app);
        listed = agent.get(page(""));
        assertThat(listed.body()).contains("Laptop", "Phone", "synced between your devices", "on one device", "Remove the authenticator app");

        Http.Response renamed = agent.postForm(page(""), form(listed, "rename_passkey", Map.of("passkey", laptop.toString(),
                "name", "<b>Work laptop</b>")));
        assertThat(renamed.status()).isEqualTo(303);
        assertThat(agent.get(page("")).body()).contains("&lt;b&gt;Work laptop&lt;/b&gt;").doesNotContain("<b>Work laptop</b>");
        assertThat(agent.postForm(page(""), form(listed, "rename_passkey", Map.of("passkey", laptop.toString(), "name", " "))).body())
                .contains("1 to 64 characters");

        assertThat(agent.postForm(page(""), form(listed, "remove_passkey", Map.of("passkey", laptop.toString()))).status()).isEqualTo(303);
        assertThat(rows.count(user)[0]).isEqualTo(1);
        // another's passkey, or one already gone: nothing removed, and nothing said about whose it is
        assertThat(agent.postForm(page(""), form(listed, "remove_passkey", Map.of("passkey", laptop.toString()))).body())
                .contains("no longer one of your sign-in methods");

        oid.fixtures().mfaPolicy(tenant, "required");
        assertThat(agent.postForm(page(""), form(listed, "remove_passkey", Map.of("passkey", phone.toString()))).status()).isEqualTo(303);
        Http.Response refused = agent.postForm(page(""), form(listed, "remove_totp", Map.of()));
        assertThat(refused.body()).contains("requires a second way to sign in");
        assertThat(rows.count(user)[1]).as("the last factor the tenant requires stays").isEqualTo(1);
        oid.fixtures().mfaPolicy(tenant, "optional");
        assertThat(agent.postForm(page(""), form(listed, "remove_totp", Map.of())).status()).isEqualTo(303);
        assertThat(rows.count(user)[1]).isZero();
    }

    /** Follows a change's redirect to the sign-in, proves the app's code at the step it shows, and lands on the page again. */
    private void stepUpWithTheApp(UserAgent agent, Http.Response redirect, AuthenticatorApp app) {
        Http.Response step = agent.get(URI.create(redirect.header("Location").orElseThrow()));
        assertThat(step.status()).as(step.body()).isEqualTo(200);
        assertThat(step.body()).doesNotContain("name=\"password\"");
        if (!step.body().contains("/login/otp")) {
            Map<String, String> choose = new LinkedHashMap<>(UserAgent.hiddenFields(step.body()));
            choose.put("method", "otp");
            step = agent.postForm(URI.create(oid.issuer() + "/login/step"), choose);
        }
        Map<String, String> code = new LinkedHashMap<>(UserAgent.hiddenFields(step.body()));
        code.put("code", app.nextCode());
        Http.Response back = agent.postForm(URI.create(oid.issuer() + "/login/otp"), code);
        assertThat(back.status()).as(back.body()).isEqualTo(303);
        assertThat(back.header("Location")).contains(oid.issuer() + "/account/security");
    }

    @Test
    void anAuthenticatorAppIsSetUpWithItsFirstCodeAndRecoveryCodesAreShownOnce() {
        UserAgent agent = new UserAgent();
        Http.Response landed = signedInPage(agent, SignInScenario.PASSWORD);

        Http.Response setup = agent.postForm(page(""), form(landed, "start_totp", Map.of()));
        assertThat(setup.status()).isEqualTo(200);
        assertThat(setup.body()).contains("data:image/svg+xml", "id=\"otp-secret\"");
        AuthenticatorApp app = new AuthenticatorApp(SecondFactorSetup.secretShown(setup.body()));

        Http.Response wrong = agent.postForm(page(""), form(landed, "confirm_totp", Map.of("code", app.wrongCode())));
        assertThat(wrong.body()).contains("That code is not right").contains(SecondFactorSetup.secretShown(setup.body()));

        Http.Response confirmed = agent.postForm(page(""), form(landed, "confirm_totp", Map.of("code", app.nextCode())));
        assertThat(confirmed.status()).isEqualTo(200);
        List<String> first = SecondFactorSetup.recoveryCodesShown(confirmed.body());
        assertThat(first).hasSize(10);
        Http.Response after = agent.get(page(""));
        assertThat(after.body()).contains("Remove the authenticator app", "10 unused recovery codes").doesNotContain(first.get(0));

        // now that the user has an app, a change asks for its code first (the session proved the password only)
        Http.Response asked = agent.postForm(page(""), form(after, "new_recovery_codes", Map.of()));
        assertThat(asked.status()).isEqualTo(303);
        stepUpWithTheApp(agent, asked, app);
        after = agent.get(page(""));
        Http.Response renewed = agent.postForm(page(""), form(after, "new_recovery_codes", Map.of()));
        List<String> second = SecondFactorSetup.recoveryCodesShown(renewed.body());
        assertThat(second).hasSize(10).doesNotContainAnyElementsOf(first);

        // the next sign-in asks for the app's code: the optional policy, with a factor set up
        Http.Response next = scenario.signIn(new UserAgent(), scenario.authorizationRequest(SignInScenario.Pkce.create()),
                SignInScenario.PASSWORD);
        assertThat(next.status()).isEqualTo(200);
        assertThat(next.body()).contains("name=\"code\"").doesNotContain("name=\"password\"");
    }

    @Test
    void inTheBrowserThePageIsStyledAndSpeaksFrench() {
        try (Browser browser = Browser.start()) {
            browser.open(page("?tenant=" + scenario.tenant + "&lang=fr").toString());
            WebDriver driver = browser.driver();
            driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(20));
            driver.findElement(By.id("username")).sendKeys(scenario.username);
            driver.findElement(By.id("password")).sendKeys(SignInScenario.PASSWORD);
            driver.findElement(By.cssSelector("button[type=submit]")).click();
            driver.findElement(By.id("password-heading"));
            assertThat(driver.getCurrentUrl()).endsWith("/account/security");
            assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Sécurité");
            Object rules = ((org.openqa.selenium.JavascriptExecutor) driver)
                    .executeScript("return document.styleSheets.length > 0 ? document.styleSheets[0].cssRules.length : 0");
            assertThat(((Number) rules).intValue()).as("oid.css loaded under /account/").isPositive();
            browser.screenshot("account-security-fr");
        }
    }
}
