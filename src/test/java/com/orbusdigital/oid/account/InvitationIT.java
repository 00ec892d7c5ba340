package com.orbusdigital.oid.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
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
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.orbusdigital.oid.testing.AuthenticatorApp;
import com.orbusdigital.oid.testing.Browser;
import com.orbusdigital.oid.testing.CallbackServer;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.OutboxRows;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.SecondFactorSetup;
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
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * Issue 17, item 4: invitations on the real Tomcat, PostgreSQL and an SMTP server (GreenMail). An
 * administrator invites someone with a role; the email's link, followed in Chromium, lets them choose a
 * password and lands them signed in at the client (the access token carries the role, amr pwd); a
 * tenant requiring a second factor has it set up before landing; revoked, resent, expired, reused,
 * tampered links and a link opened in another user's browser are readable pages that change nothing;
 * the admin API refuses what it must.
 */
@OidIT
class InvitationIT {

    private static final String PASSWORD = "saffron kettle harbour meadow";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern LINK = Pattern.compile("https?://[^\\s\"<>]+/login/invitation\\?token=[A-Za-z0-9_-]+[^\\s\"<>]*");

    private RunningOid oid;

    private static TestMail mail() {
        return TestInfrastructure.mail();
    }

    private static String link(TestMail.Received received) {
        Matcher matcher = LINK.matcher(received.text());
        assertThat(matcher.find()).as(received.text()).isTrue();
        return matcher.group();
    }

    private static String token(String link) {
        return UserAgent.query(URI.create(link).getRawQuery()).get("token");
    }

    private static String address() {
        return "grace-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    private static void sql(String statement, Object... values) throws Exception {
        try (Connection connection = TestInfrastructure.postgres().connect(); PreparedStatement update = connection.prepareStatement(statement)) {
            for (int i = 0; i < values.length; i++) {
                update.setObject(i + 1, values[i]);
            }
            update.executeUpdate();
        }
    }

    private static JWTClaimsSet claims(String jwt) throws Exception {
        return SignedJWT.parse(jwt).getJWTClaimsSet();
    }

    @Test
    void anInvitedPersonChoosesAPasswordInTheBrowserAndLandsSignedInAtTheClientWithTheRole() throws Exception {
        try (CallbackServer application = CallbackServer.start(); Browser browser = Browser.start()) {
            String callback = application.uri("/callback");
            SignInScenario scenario = SignInScenario.create(oid.root(), oid.issuer(), callback, "public", "");
            String email = address();
            Http.Response invited = scenario.admin.post("admin/tenants/" + scenario.tenant + "/invitations", """
                    {"email":"%s","name":"Grace <b>Hopper</b>","roles":["editor"],"client_id":"%s","redirect_uri":"%s"}"""
                    .formatted(email, scenario.clientId, callback));
            assertThat(invited.status()).as(invited.body()).isEqualTo(201);
            JsonNode invitation = invited.json();
            assertThat(invitation.path("state").asText()).isEqualTo("pending");
            assertThat(invitation.path("username").asText()).isEqualTo(email);
            assertThat(invitation.path("expires_at").asText()).isNotBlank();
            assertThat(invited.header("Location").orElseThrow()).endsWith("/invitations/" + invitation.path("id").asText());

            TestMail.Received received = mail().awaitNth(email, 1, WAIT);
            assertThat(received.subject()).isEqualTo("You are invited to Tenant " + scenario.tenant);
            assertThat(received.contentLanguage()).isEqualTo("en");
            assertThat(received.text()).contains("Hello Grace <b>Hopper</b>,", "The link works once, for 7 days.");
            assertThat(received.html()).contains("Hello Grace &lt;b&gt;Hopper&lt;/b&gt;,").doesNotContain("<b>Hopper");
            String link = link(received);
            assertThat(invited.body()).doesNotContain(token(link), "/login/invitation");

            // Chromium follows the link, chooses a password (a mismatch first), and lands at the client with a code
            WebDriver page = browser.driver();
            page.manage().timeouts().implicitlyWait(WAIT);
            browser.open(link);
            assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Welcome");
            assertThat(page.findElements(By.cssSelector("header svg"))).as("the caption's mark, no error icon").hasSize(1);
            assertThat(page.findElement(By.id("username")).getAttribute("value")).isEqualTo(email);
            page.findElement(By.id("new_password")).sendKeys(PASSWORD);
            page.findElement(By.id("confirm_password")).sendKeys(PASSWORD + "!");
            page.findElement(By.cssSelector("form button[type=submit]")).click();
            assertThat(page.findElement(By.id("form-error")).getText()).contains("not the same");
            page.findElement(By.id("new_password")).sendKeys(PASSWORD);
            page.findElement(By.id("confirm_password")).sendKeys(PASSWORD);
            browser.screenshot("invitation");
            page.findElement(By.cssSelector("form button[type=submit]")).click();

            // at the client's redirect URI without a code (it asked for none); its own sign-in then finds the session at once
            Map<String, String> landing = application.awaitRequest("/callback", WAIT);
            assertThat(landing).doesNotContainKeys("code", "error");
            OIDCProviderMetadata op = OIDCProviderMetadata.resolve(new Issuer(oid.issuer()));
            ClientID client = new ClientID(scenario.clientId);
            CodeVerifier verifier = new CodeVerifier();
            State state = new State();
            browser.open(new AuthenticationRequest.Builder(ResponseType.CODE, Scope.parse("openid"), client, URI.create(callback))
                    .endpointURI(op.getAuthorizationEndpointURI()).state(state).nonce(new Nonce())
                    .codeChallenge(verifier, CodeChallengeMethod.S256).build().toURI().toString());
            Map<String, String> answer = application.awaitRequest("/callback", WAIT);
            assertThat(answer.get("state")).isEqualTo(state.getValue());
            assertThat(answer.get("iss")).isEqualTo(oid.issuer());
            TokenResponse exchanged = OIDCTokenResponseParser.parse(new TokenRequest(op.getTokenEndpointURI(), client,
                    new AuthorizationCodeGrant(new AuthorizationCode(answer.get("code")), URI.create(callback), verifier)).toHTTPRequest()
                    .send());
            assertThat(exchanged.indicatesSuccess()).as(String.valueOf(exchanged)).isTrue();
            OIDCTokenResponse tokens = (OIDCTokenResponse) exchanged.toSuccessResponse();
            JWTClaimsSet access = claims(tokens.getOIDCTokens().getAccessToken().getValue());
            assertThat(access.getStringListClaim("roles")).containsExactly("editor");
            JWTClaimsSet id = claims(tokens.getOIDCTokens().getIDTokenString());
            assertThat(id.getStringListClaim("amr")).containsExactly("pwd");
            String userId = id.getSubject();

            // the user exists now: the address verified by the link, the role granted; the invitation accepted and naming them
            JsonNode user = scenario.admin.get("admin/tenants/" + scenario.tenant + "/users/" + userId).json();
            assertThat(user.path("email").asText()).isEqualTo(email);
            assertThat(user.path("email_verified").asBoolean()).isTrue();
            assertThat(user.path("name").asText()).isEqualTo("Grace <b>Hopper</b>");
            JsonNode accepted = scenario.admin.get("admin/tenants/" + scenario.tenant + "/invitations/" + invitation.path("id").asText()).json();
            assertThat(accepted.path("state").asText()).isEqualTo("accepted");
            assertThat(accepted.path("user_id").asText()).isEqualTo(userId);
            // the chosen password signs in as any other
            SignInScenario.Pkce pkce = SignInScenario.Pkce.create();
            Map<String, String> request = scenario.authorizationRequest(pkce);
            UserAgent agent = new UserAgent();
            Http.Response signedIn = agent.submit(agent.get(scenario.authorizeUri(request)), Map.of("username", email, "password", PASSWORD));
            assertThat(scenario.exchange(scenario.code(signedIn, request), pkce).status()).isEqualTo(200);

            // used once: the link again is a readable page, and a replayed post changes nothing
            Http.Response reused = new UserAgent().get(URI.create(link));
            assertThat(reused.status()).isEqualTo(400);
            assertThat(reused.body()).contains("This invitation cannot be used");
            Http.Response replayed = new UserAgent().postForm(URI.create(oid.issuer() + "/login/invitation"), Map.of("token", token(link),
                    "new_password", PASSWORD, "confirm_password", PASSWORD));
            assertThat(replayed.status()).isEqualTo(400);
            assertThat(scenario.admin.get("admin/tenants/" + scenario.tenant + "/users?q=" + email.substring(0, 14)).json().path("total").asLong())
                    .isEqualTo(1);

            // announced, never with the link or the address in full
            OutboxRows.awaitAllPublished(TestInfrastructure.postgres());
            List<OutboxRows.Row> events = OutboxRows.rows(TestInfrastructure.postgres()).stream()
                    .filter(row -> row.tenantId().equals(scenario.tenantId)).toList();
            assertThat(events).extracting(OutboxRows.Row::type).contains("oid.user.invited", "oid.user.invitation_accepted", "oid.user.created");
            assertThat(events).filteredOn(row -> row.type().startsWith("oid.user.invit"))
                    .allSatisfy(row -> assertThat(row.payload()).doesNotContain(token(link), email, "/login/invitation")
                            .contains("\"invitation_id\":\"" + invitation.path("id").asText() + "\""));
        }
    }

    @Test
    void aTenantRequiringASecondFactorHasItSetUpBeforeTheInvitedPersonLandsOnTheAccountPageInFrench() throws Exception {
        SignInScenario scenario = SignInScenario.create(oid.root(), oid.issuer(), "https://app.example/callback", "public", "");
        assertThat(scenario.admin.patch("admin/tenants/" + scenario.tenant, "{\"mfa_policy\":\"required\"}").status()).isEqualTo(200);
        String email = address();
        Http.Response invited = scenario.admin.post("admin/tenants/" + scenario.tenant + "/invitations", """
                {"email":"%s","username":"grace","roles":["editor"],"locale":"fr","expires_in_days":2}""".formatted(email));
        assertThat(invited.status()).as(invited.body()).isEqualTo(201);

        TestMail.Received received = mail().awaitNth(email, 1, WAIT);
        assertThat(received.subject()).isEqualTo("Vous êtes invité à rejoindre Tenant " + scenario.tenant);
        assertThat(received.contentLanguage()).isEqualTo("fr");
        assertThat(received.text()).contains("Bonjour grace,", "pendant 2 jours");

        UserAgent agent = new UserAgent();
        Http.Response choose = agent.get(URI.create(link(received)));
        assertThat(choose.status()).isEqualTo(200);
        assertThat(choose.body()).contains("Bienvenue", "autocomplete=\"new-password\"", "value=\"grace\"");
        Http.Response weak = agent.submit(choose, Map.of("new_password", "short", "confirm_password", "short"));
        assertThat(weak.status()).isEqualTo(200);
        assertThat(weak.body()).contains("aria-describedby=\"form-error new-password-hint\"");

        // the password proved, the policy asks for a second factor: set up right there, before anything lands
        Http.Response enrol = agent.submit(choose, Map.of("new_password", PASSWORD, "confirm_password", PASSWORD));
        assertThat(enrol.status()).as(enrol.body()).isEqualTo(200);
        if (!enrol.body().contains("id=\"otp-secret\"")) {
            Map<String, String> fields = new LinkedHashMap<>(UserAgent.hiddenFields(enrol.body()));
            fields.put("method", "otp");
            fields.put("enrol", "true");
            enrol = agent.postForm(URI.create(oid.issuer() + "/login/step"), fields);
        }
        AuthenticatorApp app = new AuthenticatorApp(SecondFactorSetup.secretShown(enrol.body()));
        Http.Response codes = agent.submit(enrol, Map.of("code", app.nextCode()));
        assertThat(SecondFactorSetup.recoveryCodesShown(codes.body())).hasSize(10);
        Http.Response landed = agent.submit(codes, Map.of());
        assertThat(landed.status()).isEqualTo(303);
        assertThat(landed.header("Location").orElseThrow()).isEqualTo(oid.issuer() + "/account");
        Http.Response account = agent.get(URI.create(oid.issuer() + "/account?tenant=" + scenario.tenant));
        assertThat(account.status()).as(account.body()).isEqualTo(200);
        assertThat(account.body()).contains("grace");
    }

    @Test
    void deadLinksAreReadablePagesThatChangeNothingAndTheAdminApiRefusesWhatItMust() throws Exception {
        SignInScenario scenario = SignInScenario.create(oid.root(), oid.issuer(), "https://app.example/callback", "public", "");
        String invitations = "admin/tenants/" + scenario.tenant + "/invitations";

        // resent: the old link dies, the new one opens; revoked: that one dies too, at once
        String first = address();
        String id = scenario.admin.post(invitations, "{\"email\":\"" + first + "\"}").json().path("id").asText();
        String oldLink = link(mail().awaitNth(first, 1, WAIT));
        Http.Response resent = scenario.admin.post(invitations + "/" + id + "/resend", "");
        assertThat(resent.status()).as(resent.body()).isEqualTo(200);
        String newLink = link(mail().awaitNth(first, 2, WAIT));
        assertThat(new UserAgent().get(URI.create(oldLink)).status()).isEqualTo(400);
        assertThat(new UserAgent().get(URI.create(newLink)).status()).isEqualTo(200);
        assertThat(scenario.admin.delete(invitations + "/" + id).status()).isEqualTo(204);
        Http.Response revoked = new UserAgent().get(URI.create(newLink));
        assertThat(revoked.status()).isEqualTo(400);
        assertThat(revoked.body()).contains("This invitation cannot be used");
        assertThat(scenario.admin.get(invitations + "/" + id).json().path("state").asText()).isEqualTo("revoked");
        assertThat(scenario.admin.post(invitations + "/" + id + "/resend", "").status()).isEqualTo(409);

        // expired; tampered; opened in a browser signed in to another account: readable pages, nothing made
        String second = address();
        String expiredId = scenario.admin.post(invitations, "{\"email\":\"" + second + "\"}").json().path("id").asText();
        String expiredLink = link(mail().awaitNth(second, 1, WAIT));
        sql("UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = ?", UUID.fromString(expiredId));
        assertThat(new UserAgent().get(URI.create(expiredLink)).status()).isEqualTo(400);
        assertThat(scenario.admin.get(invitations + "?state=expired").json().path("items")).extracting(item -> item.path("id").asText())
                .containsExactly(expiredId);
        String third = address();
        scenario.admin.post(invitations, "{\"email\":\"" + third + "\"}");
        String live = link(mail().awaitNth(third, 1, WAIT));
        String tampered = live.substring(0, live.indexOf("token=") + 6) + (token(live).charAt(0) == 'A' ? 'B' : 'A') + live.substring(live.indexOf("token=") + 7);
        assertThat(new UserAgent().get(URI.create(tampered)).status()).isEqualTo(400);
        UserAgent signedIn = new UserAgent();
        scenario.signedIn(signedIn);
        Http.Response other = signedIn.get(URI.create(live));
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.body()).contains("Another account is signed in");
        assertThat(scenario.admin.get(invitations + "?state=pending").json().path("total").asLong()).isEqualTo(1);
        assertThat(scenario.admin.get("admin/tenants/" + scenario.tenant + "/users").json().path("total").asLong()).isEqualTo(1);

        // the admin API: unknown role, bad landings, taken address, duplicate, bounds; another tenant's is not found
        Http.Response unknownRole = scenario.admin.post(invitations, "{\"email\":\"" + address() + "\",\"roles\":[\"editor\",\"pilot\"]}");
        assertThat(unknownRole.status()).isEqualTo(422);
        assertThat(unknownRole.json().path("errors").path("roles").asText()).contains("unknown role 'pilot'");
        Http.Response badRedirect = scenario.admin.post(invitations, "{\"email\":\"" + address() + "\",\"client_id\":\"" + scenario.clientId
                + "\",\"redirect_uri\":\"https://app.example/other\"}");
        assertThat(badRedirect.status()).isEqualTo(422);
        assertThat(badRedirect.json().path("errors").has("redirect_uri")).isTrue();
        SignInScenario elsewhere = SignInScenario.create(oid.root(), oid.issuer(), "https://app.example/callback", "public", "");
        Http.Response theirClient = scenario.admin.post(invitations, "{\"email\":\"" + address() + "\",\"client_id\":\"" + elsewhere.clientId
                + "\",\"redirect_uri\":\"https://app.example/callback\"}");
        assertThat(theirClient.status()).isEqualTo(422);
        assertThat(theirClient.json().path("errors").path("client_id").asText()).contains("no enabled client");
        assertThat(scenario.admin.post(invitations, "{\"email\":\"" + address() + "\",\"expires_in_days\":31}").status()).isEqualTo(400);
        assertThat(scenario.admin.post(invitations, "{\"email\":\"not an address\"}").status()).isEqualTo(400);
        Http.Response taken = scenario.admin.post(invitations, "{\"email\":\"" + scenario.username + "@example.com\"}");
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.header("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(scenario.admin.post(invitations, "{\"email\":\"" + third.toUpperCase(java.util.Locale.ROOT) + "\"}").status()).isEqualTo(409);
        assertThat(scenario.admin.get(invitations + "?state=sideways").status()).isEqualTo(400);
        String theirs = "admin/tenants/" + elsewhere.tenant + "/invitations/";
        assertThat(elsewhere.admin.get(theirs + expiredId).status()).isEqualTo(404);
        assertThat(elsewhere.admin.post(theirs + expiredId + "/resend", "").status()).isEqualTo(404);
        assertThat(elsewhere.admin.delete(theirs + expiredId).status()).isEqualTo(404);
        assertThat(scenario.admin.get(invitations + "/not-an-id").status()).isEqualTo(404);
    }
}
