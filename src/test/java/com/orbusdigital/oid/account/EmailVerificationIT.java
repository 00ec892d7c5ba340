package com.orbusdigital.oid.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import com.orbusdigital.oid.testing.Browser;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.OutboxRows;
import com.orbusdigital.oid.testing.Problems;
import com.orbusdigital.oid.testing.RelyingParty;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * Issue 17, item 3: email verification on the real Tomcat, PostgreSQL and an SMTP server
 * (GreenMail). An administrator's request sends a link; Chromium follows it (opening it changes
 * nothing, its button verifies) and the ID token says {@code email_verified} true. A user changes
 * their address on /account: the old one stays in userinfo until the link to the new one is
 * followed, then the new one is there, verified, and the old one got a notice without a link.
 * Reused, expired and tampered links, and an address another account has (when asked, or taken
 * meanwhile), change nothing. One tenant for the class.
 */
@OidIT
class EmailVerificationIT {

    private static final Duration MAIL_WAIT = Duration.ofSeconds(30);
    private static final Pattern LINK = Pattern.compile("https?://[^\\s\"<>]+/account/email/verify\\?token=[A-Za-z0-9_-]+[^\\s\"<>]*");
    private static final String NONCE = "n-0S6_WzA2Mj";

    private static SignInScenario scenario;

    private RunningOid oid;

    @BeforeEach
    void setUp() {
        if (scenario == null) {
            scenario = SignInScenario.create(oid.root(), oid.issuer(), "https://app.example/callback", "public", "");
        }
    }

    private static TestMail mail() {
        return TestInfrastructure.mail();
    }

    private static String link(TestMail.Received received) {
        Matcher matcher = LINK.matcher(received.text());
        assertThat(matcher.find()).as("a link in: " + received.text()).isTrue();
        return matcher.group();
    }

    private static String user(String id) {
        return "admin/tenants/" + scenario.tenant + "/users/" + id;
    }

    /** A user of the class's tenant, with a password and this address (none when null); their id. */
    private static String createUser(String username, String email) {
        Http.Response created = scenario.admin.post("admin/tenants/" + scenario.tenant + "/users", "{\"username\":\"" + username + "\","
                + (email == null ? "" : "\"email\":\"" + email + "\",") + "\"name\":\"Nora Example\",\"password\":\"" + SignInScenario.PASSWORD + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("id").asText();
    }

    /** The tokens of a sign-in of {@code username} (scope openid email; email and email_verified asked in the ID token), through the login form. */
    private static JsonNode tokens(String username) {
        SignInScenario.Pkce pkce = SignInScenario.Pkce.create();
        Map<String, String> request = scenario.authorizationRequest(pkce);
        request.put("scope", "openid email");
        request.put("nonce", NONCE);
        request.put("claims", "{\"id_token\":{\"email\":null,\"email_verified\":null}}");
        UserAgent agent = new UserAgent();
        Http.Response login = agent.get(scenario.authorizeUri(request));
        Http.Response signedIn = agent.submit(login, Map.of("username", username, "password", SignInScenario.PASSWORD));
        Http.Response tokens = scenario.exchange(scenario.code(signedIn, request), pkce);
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        return tokens.json();
    }

    private UserInfo userinfo(OIDCProviderMetadata op, JsonNode tokens) throws Exception {
        return UserInfoResponse.parse(new UserInfoRequest(op.getUserInfoEndpointURI(), new BearerAccessToken(tokens.path("access_token").asText()))
                .toHTTPRequest().send()).toSuccessResponse().getUserInfo();
    }

    private static IDTokenClaimsSet idToken(OIDCProviderMetadata op, JsonNode tokens) throws Exception {
        return new IDTokenValidator(op.getIssuer(), new ClientID(scenario.clientId), JWSAlgorithm.RS256, op.getJWKSetURI().toURL())
                .validate(JWTParser.parse(tokens.path("id_token").asText()), new Nonce(NONCE));
    }

    private static long count(String query, Object... values) throws Exception {
        try (Connection connection = TestInfrastructure.postgres().connect(); PreparedStatement statement = connection.prepareStatement(query)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
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

    /** A browser signed in to the account page (in French) as {@code username}. */
    private UserAgent signedInToAccount(String username) {
        UserAgent agent = new UserAgent();
        Http.Response start = agent.get(URI.create(oid.issuer() + "/account?tenant=" + scenario.tenant + "&lang=fr"));
        assertThat(start.status()).isEqualTo(302);
        Http.Response back = agent.submit(agent.get(URI.create(start.header("Location").orElseThrow())),
                Map.of("username", username, "password", SignInScenario.PASSWORD));
        assertThat(back.status()).as(back.body()).isEqualTo(303);
        return agent;
    }

    private static List<OutboxRows.Row> events(String type, String userId) throws Exception {
        return OutboxRows.rows(TestInfrastructure.postgres()).stream().filter(row -> row.type().equals(type) && row.payload().contains(userId)).toList();
    }

    @Test
    void anAdministratorsRequestSendsALinkThatChromiumFollowsAndTheIdTokenThenSaysVerified() throws Exception {
        OIDCProviderMetadata op = new RelyingParty(oid.issuer(), TestInfrastructure.AUDIENCE).metadata();
        String username = "grace-" + UUID.randomUUID().toString().substring(0, 6);
        String address = username + "@example.com";
        String userId = createUser(username, address);
        assertThat(scenario.admin.get(user(userId)).json().path("email_verified").asBoolean()).isFalse();
        assertThat(idToken(op, tokens(username)).getBooleanClaim("email_verified")).isFalse();

        // another tenant's user is not found, a user with no address is a conflict: problem+json, nothing sent
        String other = scenario.admin.createTenant("verify-away");
        Problems.assertProblem(scenario.admin.post("admin/tenants/" + other + "/users/" + userId + "/email-verification", ""), 404);
        Problems.assertProblem(scenario.admin.post(user("not-a-uuid") + "/email-verification", ""), 404);
        String without = createUser("nomail-" + UUID.randomUUID().toString().substring(0, 6), null);
        Problems.assertProblem(scenario.admin.post(user(without) + "/email-verification", ""), 409);

        Http.Response accepted = scenario.admin.post(user(userId) + "/email-verification", "");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        TestMail.Received received = mail().awaitNth(address, 1, MAIL_WAIT);
        assertThat(received.subject()).isEqualTo("Confirm your Tenant " + scenario.tenant + " email address");
        assertThat(received.text()).contains("Hello Nora Example,", "Confirm that " + address + " is the email address", "for 24 hours");
        String link = link(received);
        assertThat(received.html()).contains("href=\"" + link.replace("&", "&amp;") + "\"");

        try (Browser browser = Browser.start()) {
            WebDriver driver = browser.driver();
            driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(20));
            // opened (as a mail scanner would): a button, and nothing changed yet
            browser.open(link); // driver.get: returns once the page has loaded
            assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Confirm your email address");
            assertThat(driver.findElement(By.className("lede")).getText()).contains(address);
            assertThat(scenario.admin.get(user(userId)).json().path("email_verified").asBoolean()).as("a GET verifies nothing").isFalse();
            driver.findElement(By.cssSelector("form button[type=submit]")).click();
            // the next page's icon, waited for (implicitly): the confirm page has none
            driver.findElement(By.cssSelector(".status-done"));
            assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Your email address is verified");
            // the link again: dead, and it names nothing
            browser.open(link);
            assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("This link cannot be used");
            assertThat(driver.getPageSource()).doesNotContain(address);
        }
        assertThat(scenario.admin.get(user(userId)).json().path("email_verified").asBoolean()).isTrue();
        IDTokenClaimsSet claims = idToken(op, tokens(username));
        assertThat(claims.getBooleanClaim("email_verified")).isTrue();
        assertThat(claims.getStringClaim("email")).isEqualTo(address);

        // announced without the link or the address
        assertThat(events("oid.user.email_verification_requested", userId)).singleElement()
                .satisfies(row -> assertThat(row.payload()).contains("\"purpose\":\"verify\"", "\"by\":\"admin\"").doesNotContain(address, "token"));
        assertThat(events("oid.user.email_verified", userId)).singleElement().satisfies(row -> assertThat(row.payload()).doesNotContain(address));

        // a new address through the admin API is unverified, unless the same request asserts it
        // (addresses apart: GreenMail finds a recipient by a part of its address)
        String patched = username + "@patched.example.com";
        Http.Response changed = scenario.admin.patch(user(userId), "{\"email\":\"" + patched + "\"}");
        assertThat(changed.json().path("email_verified").asBoolean()).isFalse();
        Http.Response asserted = scenario.admin.patch(user(userId), "{\"email\":\"" + username + "@imported.example.com\",\"email_verified\":true}");
        assertThat(asserted.json().path("email_verified").asBoolean()).isTrue();
        assertThat(events("oid.user.email_changed", userId)).extracting(OutboxRows.Row::payload)
                .anySatisfy(payload -> assertThat(payload).contains("\"by\":\"admin\"", "\"verified\":false"))
                .anySatisfy(payload -> assertThat(payload).contains("\"by\":\"admin\"", "\"verified\":true"))
                .allSatisfy(payload -> assertThat(payload).doesNotContain("@"));
        // a link sent to the address before it changed is dead
        assertThat(scenario.admin.post(user(userId) + "/email-verification", "").status()).isEqualTo(202);
        String stale = link(mail().awaitNth(username + "@imported.example.com", 1, MAIL_WAIT));
        scenario.admin.patch(user(userId), "{\"email\":\"" + address + "\"}");
        UserAgent agent = new UserAgent();
        assertThat(agent.get(URI.create(stale)).status()).isEqualTo(400);

        // an expired link (its row's expiry moved back, as housekeeping would then delete it): the dead page, nothing changed
        assertThat(scenario.admin.post(user(userId) + "/email-verification", "").status()).isEqualTo(202);
        String expiring = link(mail().awaitNth(address, 2, MAIL_WAIT));
        Http.Response confirm = agent.get(URI.create(expiring));
        assertThat(confirm.status()).isEqualTo(200);
        sql("UPDATE email_verifications SET expires_at = now() - interval '1 second' WHERE user_id = ?", UUID.fromString(userId));
        Http.Response expired = agent.submit(confirm, Map.of());
        assertThat(expired.status()).isEqualTo(400);
        assertThat(expired.body()).contains("This link cannot be used");
        assertThat(scenario.admin.get(user(userId)).json().path("email_verified").asBoolean()).isFalse();
    }

    @Test
    void aUsersNewAddressReplacesTheOldOnlyOnceItsLinkIsFollowedAndTheOldOneIsTold() throws Exception {
        OIDCProviderMetadata op = new RelyingParty(oid.issuer(), TestInfrastructure.AUDIENCE).metadata();
        String username = "nora-" + UUID.randomUUID().toString().substring(0, 6);
        String old = username + "@example.com";
        String next = username + "@new.example.com";
        String userId = createUser(username, old);
        String taken = username + "@taken.example.com"; // addresses apart: GreenMail finds a recipient by a part of its address
        String otherId = createUser("taken-" + username, taken);

        // signed in to /account, in French
        UserAgent agent = signedInToAccount(username);
        Http.Response page = agent.get(URI.create(oid.issuer() + "/account?lang=fr"));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Adresse e-mail", old + " (non vérifiée)", "autocomplete=\"email\"", "name=\"new_email\"");
        String csrf = UserAgent.hiddenFields(page.body()).get("csrf");
        URI change = URI.create(oid.issuer() + "/account/email");

        // not an address: the page again, the field marked
        Http.Response invalid = agent.postForm(change, Map.of("csrf", csrf, "new_email", "nora at example", "lang", "fr"));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body()).contains("aria-invalid=\"true\"", "aria-describedby=\"new-email-error new-email-hint\"", "Saisissez une adresse");
        // no CSRF field: refused, nothing sent
        assertThat(agent.postForm(change, Map.of("new_email", next)).status()).isEqualTo(403);

        // an address another account has: the same answer as a free one, nothing written, nothing sent
        long mailsBefore = count("SELECT count(*) FROM mail_outbox WHERE tenant_id = ?", UUID.fromString(scenario.tenantId));
        Http.Response takenAnswer = agent.postForm(change, Map.of("csrf", csrf, "new_email", taken.toUpperCase(), "lang", "fr"));
        assertThat(takenAnswer.status()).isEqualTo(303);
        assertThat(takenAnswer.header("Location")).hasValue(oid.issuer() + "/account?done=email_sent");
        assertThat(count("SELECT count(*) FROM mail_outbox WHERE tenant_id = ?", UUID.fromString(scenario.tenantId))).isEqualTo(mailsBefore);
        assertThat(count("SELECT count(*) FROM email_verifications WHERE user_id = ?", UUID.fromString(userId))).isZero();

        // a free one: the same answer, a link to the new address in French; the account keeps the old one
        Http.Response sent = agent.postForm(change, Map.of("csrf", csrf, "new_email", next, "lang", "fr"));
        assertThat(sent.status()).isEqualTo(303);
        assertThat(sent.header("Location")).isEqualTo(takenAnswer.header("Location"));
        assertThat(agent.get(URI.create(sent.header("Location").orElseThrow() + "&lang=fr")).body()).contains("Nous avons envoyé un lien");
        TestMail.Received received = mail().awaitNth(next, 1, MAIL_WAIT);
        assertThat(received.subject()).isEqualTo("Confirmez votre nouvelle adresse e-mail Tenant " + scenario.tenant);
        assertThat(received.contentLanguage()).isEqualTo("fr");
        String link = link(received);
        assertThat(link).contains("ui_locales=fr");
        JsonNode before = tokens(username);
        assertThat(userinfo(op, before).getEmailAddress()).isEqualTo(old);

        // tampered and expired links: the dead page, nothing changed
        String tampered = link.replaceFirst("token=(.)", "token=" + (link.contains("token=A") ? "B" : "A"));
        assertThat(agent.get(URI.create(tampered)).status()).isEqualTo(400);
        Http.Response confirm = agent.get(URI.create(link));
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.body()).contains("Confirmez votre adresse e-mail", next);
        assertThat(scenario.admin.get(user(userId)).json().path("email").asText()).isEqualTo(old);

        // followed in a browser signed in to another account: the link acts on its own user and address only;
        // the new address, verified; the old one told, with no link
        UserAgent mailbox = signedInToAccount("taken-" + username);
        Http.Response done = mailbox.submit(mailbox.get(URI.create(link)), Map.of());
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(done.body()).contains("Votre adresse e-mail a été changée", next, "status-done").doesNotContain("status-error");
        UserInfo after = userinfo(op, tokens(username));
        assertThat(after.getEmailAddress()).isEqualTo(next);
        assertThat(after.getEmailVerified()).isTrue();
        TestMail.Received notice = mail().awaitNth(old, 1, MAIL_WAIT);
        assertThat(notice.subject()).isEqualTo("Votre adresse e-mail Tenant " + scenario.tenant + " a été changée");
        String masked = username.charAt(0) + "***@new.example.com";
        assertThat(notice.text()).contains(masked).doesNotContain(next, "http");
        assertThat(notice.html()).contains(masked).doesNotContain("href");
        assertThat(scenario.admin.get(user(otherId)).json().path("email").asText()).as("the signed-in user is untouched").isEqualTo(taken);
        assertThat(mailbox.get(URI.create(oid.issuer() + "/account")).body()).as("and still signed in").contains(taken);
        assertThat(events("oid.user.email_changed", userId)).singleElement()
                .satisfies(row -> assertThat(row.payload()).contains("\"by\":\"user\"", "\"verified\":true").doesNotContain("@"));

        // reused: dead, nothing changed
        assertThat(mailbox.get(URI.create(link)).status()).isEqualTo(400);
        assertThat(mailbox.postForm(URI.create(oid.issuer() + "/account/email/verify"),
                new LinkedHashMap<>(UserAgent.hiddenFields(confirm.body()))).status()).isEqualTo(400);

        // taken meanwhile: a link to a free address, which another account then gets; following it changes nothing
        String later = username + "@later.example.com";
        assertThat(agent.postForm(change, Map.of("csrf", csrf, "new_email", later)).status()).isEqualTo(303);
        String laterLink = link(mail().awaitNth(later, 1, MAIL_WAIT));
        scenario.admin.patch(user(otherId), "{\"email\":\"" + later + "\"}");
        Http.Response refused = mailbox.submit(mailbox.get(URI.create(laterLink)), Map.of());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("Cette adresse ne peut pas être utilisée").doesNotContain("status-done"); // French: the browser's choice is kept
        assertThat(scenario.admin.get(user(userId)).json().path("email").asText()).isEqualTo(next);
        assertThat(scenario.admin.get(user(otherId)).json().path("email").asText()).isEqualTo(later);
    }
}
