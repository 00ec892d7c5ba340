package com.orbusdigital.oid.oauth.authorize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.Responses;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.TopicReader;
import com.orbusdigital.oid.testing.UserAgent;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The login page and what posting it does: the page itself, the messages (an unknown user and a
 * wrong password look the same), login CSRF, disabled users and tenants, lockout, the session
 * cookie, and the sign-in events on Kafka.
 */
@OidIT
class LoginPageIT {

    // the texts of AuthorizationFlow, as the person at the page reads them
    private static final String WRONG_CREDENTIALS = "The username or password is not right. Check them and try again.";
    private static final String LOCKED = "This account is locked for a while after too many failed sign-ins. Try again later.";
    private static final String DISABLED = "This account is disabled. Contact your administrator.";
    private static final String EXPIRED_FORM = "This sign-in form has expired. Please sign in again.";
    /** OID_LOGIN_MAX_FAILURES, left at its default by the test container. */
    private static final int MAX_FAILURES = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunningOid oid;

    private SignInScenario scenario;

    @BeforeEach
    void setUp() throws Exception {
        scenario = SignInScenario.create(oid.root(), oid.issuer(), "https://app.example/callback", "public", "");
    }

    @Test
    void thePageNamesClientAndTenantAndHasLabelledAutocompletingFieldsAndNoScriptButOidsPasskeyScript() {
        Http.Response page = new UserAgent().get(scenario.authorizeUri(scenario.authorizationRequest(SignInScenario.Pkce.create())));
        // issue 16: the passkey button and autofill are OID's own script, a file; nothing inline
        String passkeyScript = "<script src=\"assets/passkey.js\" defer></script>";

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("Billing Portal", "Tenant " + scenario.tenant)
                .contains("<label for=\"username\">", "<label for=\"password\">")
                .contains(passkeyScript);
        assertThat(page.body().replace(passkeyScript, "")).doesNotContainIgnoringCase("<script");
        assertThat(Responses.input(page.body(), "username")).containsEntry("name", "username")
                .containsEntry("autocomplete", "username webauthn") // issue 16: passkeys offered in the autofill
                .doesNotContainKey("value");
        assertThat(Responses.input(page.body(), "password")).containsEntry("name", "password").containsEntry("type", "password")
                .containsEntry("autocomplete", "current-password");
        assertThat(UserAgent.formAction(page.body())).isEqualTo(scenario.issuer + "/login");
        assertThat(Responses.setCookie(page, "oid_csrf")).isPresent();
    }

    @Test
    void aWrongPasswordAndAnUnknownUsernameLookTheSameAndTheTypedUsernameComesBack() {
        UserAgent agent = new UserAgent();
        String wrongPassword = "wrong " + UUID.randomUUID();
        String unknown = "nobody-" + UUID.randomUUID().toString().substring(0, 6);

        Http.Response page = loginPage(agent);
        Http.Response wrong = agent.submit(page, Map.of("username", scenario.username, "password", wrongPassword));
        Http.Response nobody = agent.submit(page, Map.of("username", unknown, "password", wrongPassword));

        for (Http.Response answer : List.of(wrong, nobody)) {
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.header("Location")).isEmpty();
            assertThat(Responses.setCookie(answer, "oid_session")).isEmpty();
            assertThat(answer.body()).contains(WRONG_CREDENTIALS).doesNotContain(wrongPassword)
                    .doesNotContain(LOCKED).doesNotContain(DISABLED);
            assertThat(Responses.input(answer.body(), "password")).doesNotContainKey("value");
        }
        assertThat(Responses.input(wrong.body(), "username")).containsEntry("value", scenario.username);
        assertThat(Responses.input(nobody.body(), "username")).containsEntry("value", unknown);
        // the same page but for the username typed
        assertThat(nobody.body().replace(unknown, scenario.username)).isEqualTo(wrong.body());
    }

    @Test
    void aPostWithoutTheCsrfCookieIsRefusedWithAFreshForm() {
        UserAgent agent = new UserAgent();
        Http.Response page = loginPage(agent);
        String oldCsrf = agent.cookie("oid_csrf").orElseThrow().getValue();
        String oldField = UserAgent.hiddenFields(page.body()).get("csrf");
        agent.forgetCookies();

        Http.Response refused = agent.submit(page, Map.of("username", scenario.username, "password", SignInScenario.PASSWORD));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Location")).isEmpty();
        assertThat(Responses.setCookie(refused, "oid_session")).isEmpty();
        assertThat(refused.body()).contains(EXPIRED_FORM, "<form");
        assertThat(Responses.input(refused.body(), "username")).containsEntry("value", scenario.username);
        String freshCookie = Responses.setCookie(refused, "oid_csrf").map(Responses::cookieValue).orElseThrow();
        assertThat(freshCookie).isNotEqualTo(oldCsrf);
        // a fresh field for the fresh cookie (a MAC over it and the request, never the cookie itself)
        assertThat(UserAgent.hiddenFields(refused.body()).get("csrf")).isNotEqualTo(oldField).isNotEqualTo(freshCookie)
                .doesNotContain(freshCookie);

        // the fresh form works
        Http.Response signedIn = agent.submit(refused, Map.of("username", scenario.username, "password", SignInScenario.PASSWORD));
        assertThat(signedIn.status()).isEqualTo(303);
    }

    @Test
    void aPostWhoseCsrfFieldDoesNotMatchTheCookieIsRefused() {
        UserAgent agent = new UserAgent();
        Http.Response page = loginPage(agent);
        String forged = "A".repeat(43);

        Http.Response refused = agent.submit(page, Map.of("csrf", forged, "username", scenario.username,
                "password", SignInScenario.PASSWORD));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Location")).isEmpty();
        assertThat(Responses.setCookie(refused, "oid_session")).isEmpty();
        assertThat(refused.body()).contains(EXPIRED_FORM);
        assertThat(agent.cookie("oid_session")).isEmpty();
    }

    @Test
    void aDisabledUserIsToldSoOnlyWithTheRightPassword() {
        assertThat(scenario.admin.patch("admin/tenants/" + scenario.tenant + "/users/" + scenario.userId, "{\"enabled\":false}").status())
                .isEqualTo(200);
        UserAgent agent = new UserAgent();

        Http.Response right = agent.submit(loginPage(agent), Map.of("username", scenario.username, "password", SignInScenario.PASSWORD));
        Http.Response wrong = agent.submit(loginPage(agent), Map.of("username", scenario.username, "password", "not the password"));

        assertThat(right.status()).isEqualTo(200);
        assertThat(right.body()).contains(DISABLED).doesNotContain(WRONG_CREDENTIALS);
        assertThat(Responses.setCookie(right, "oid_session")).isEmpty();
        assertThat(wrong.status()).isEqualTo(200);
        assertThat(wrong.body()).contains(WRONG_CREDENTIALS).doesNotContain(DISABLED);
    }

    @Test
    void aDisabledTenantGetsAnErrorPageAtTheAuthorizationEndpoint() {
        assertThat(scenario.admin.patch("admin/tenants/" + scenario.tenant, "{\"enabled\":false}").status()).isEqualTo(200);

        Http.Response page = new UserAgent().get(scenario.authorizeUri(scenario.authorizationRequest(SignInScenario.Pkce.create())));

        assertThat(page.status()).isEqualTo(400);
        assertThat(page.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.header("Location")).isEmpty();
        assertThat(page.body()).contains("Tenant " + scenario.tenant, "disabled").doesNotContain("<form");
    }

    @Test
    void afterTooManyWrongPasswordsEvenTheRightOneIsRefusedAndPublishedAsLocked() {
        UserAgent agent = new UserAgent();
        String wrongPassword = "wrong " + UUID.randomUUID();
        for (int attempt = 1; attempt <= MAX_FAILURES; attempt++) {
            Http.Response wrong = agent.submit(loginPage(agent), Map.of("username", scenario.username, "password", wrongPassword));
            assertThat(wrong.status()).as("attempt %d", attempt).isEqualTo(200);
            assertThat(wrong.body()).as("attempt %d", attempt).contains(WRONG_CREDENTIALS);
        }

        Http.Response locked = agent.submit(loginPage(agent), Map.of("username", scenario.username, "password", SignInScenario.PASSWORD));

        assertThat(locked.status()).isEqualTo(200);
        assertThat(locked.header("Location")).isEmpty();
        assertThat(Responses.setCookie(locked, "oid_session")).isEmpty();
        // told as a wrong password: telling the right one "locked" would make the lock a guessing oracle
        assertThat(locked.body()).contains(WRONG_CREDENTIALS).doesNotContain(LOCKED);

        List<JsonNode> failures = events(record -> record.value().contains("\"oid.user.sign_in_failed\""), MAX_FAILURES + 1);
        assertThat(failures).extracting(event -> event.path("data").path("reason").asText())
                .containsExactlyElementsOf(Stream.concat(Collections.nCopies(MAX_FAILURES, "wrong_password").stream(),
                        Stream.of("locked")).toList());
        assertThat(failures).allSatisfy(event -> assertThat(event.path("data").path("user_id").asText()).isEqualTo(scenario.userId));
        assertThat(events(record -> record.value().contains("\"oid.user.locked\""), 1)).hasSize(1);
        assertThat(events(record -> true, 1)).allSatisfy(event -> assertThat(event.toString()).doesNotContain(wrongPassword)
                .doesNotContain(SignInScenario.PASSWORD));
    }

    @Test
    void aLockedAccountAnswersLikeAnUnknownUsernameWhateverThePassword() {
        String wrongPassword = "wrong " + UUID.randomUUID();
        for (int attempt = 1; attempt <= MAX_FAILURES; attempt++) {
            UserAgent attacker = new UserAgent();
            assertThat(attacker.submit(loginPage(attacker), Map.of("username", scenario.username, "password", wrongPassword)).status())
                    .isEqualTo(200);
        }
        UserAgent agent = new UserAgent();
        Http.Response page = loginPage(agent);
        String unknown = "nobody-" + UUID.randomUUID().toString().substring(0, 6);

        Http.Response lockedWrong = agent.submit(page, Map.of("username", scenario.username, "password", wrongPassword));
        Http.Response nobody = agent.submit(page, Map.of("username", unknown, "password", wrongPassword));
        Http.Response lockedRight = agent.submit(page, Map.of("username", scenario.username, "password", SignInScenario.PASSWORD));

        for (Http.Response answer : List.of(lockedWrong, nobody, lockedRight)) {
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.header("Location")).isEmpty();
            assertThat(answer.headers().allValues("Set-Cookie")).isEmpty();
            assertThat(answer.body()).contains(WRONG_CREDENTIALS).doesNotContain(LOCKED);
        }
        // the same page but for the username typed
        assertThat(nobody.body().replace(unknown, scenario.username)).isEqualTo(lockedWrong.body());
        assertThat(lockedRight.body()).isEqualTo(lockedWrong.body());
        // events keep the true reason: both attempts on the locked account were refused as locked
        List<JsonNode> failures = events(record -> record.value().contains("\"oid.user.sign_in_failed\""), MAX_FAILURES + 3);
        assertThat(failures.subList(MAX_FAILURES, MAX_FAILURES + 3)).extracting(event -> event.path("data").path("reason").asText())
                .containsExactly("locked", "unknown_user", "locked");
    }

    @Test
    void aCsrfFieldFromOneLoginPageDoesNotPassWithAnotherAuthorizationRequest() {
        UserAgent agent = new UserAgent();
        Http.Response first = loginPage(agent);
        Http.Response second = loginPage(agent);
        String firstField = UserAgent.hiddenFields(first.body()).get("csrf");

        Http.Response refused = agent.submit(second, Map.of("csrf", firstField, "username", scenario.username,
                "password", SignInScenario.PASSWORD));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains(EXPIRED_FORM);
        assertThat(Responses.setCookie(refused, "oid_session")).isEmpty();
        // each form with its own field signs in
        assertThat(agent.submit(second, Map.of("username", scenario.username, "password", SignInScenario.PASSWORD)).status())
                .isEqualTo(303);
    }

    @Test
    void aPlantedCsrfCookieWithTheAttackersOwnFieldDoesNotPassForTheVictimsRequest() {
        // the attacker opens a login page of their own: a CSRF cookie and its field value
        UserAgent attacker = new UserAgent();
        Http.Response attackersPage = loginPage(attacker);
        String plantedCookie = attacker.cookie("oid_csrf").orElseThrow().getValue();
        String attackersField = UserAgent.hiddenFields(attackersPage.body()).get("csrf");
        // the victim's pending authorization request, posted with the planted cookie and the attacker's field
        Map<String, String> fields = new java.util.LinkedHashMap<>(UserAgent.hiddenFields(loginPage(new UserAgent()).body()));
        fields.put("csrf", attackersField);
        fields.put("username", scenario.username);
        fields.put("password", SignInScenario.PASSWORD);

        Http.Response refused = Http.postForm(java.net.URI.create(scenario.issuer + "/login"), UserAgent.encode(fields),
                "Cookie", "oid_csrf=" + plantedCookie);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Location")).isEmpty();
        assertThat(Responses.setCookie(refused, "oid_session")).isEmpty();
        assertThat(refused.body()).contains(EXPIRED_FORM);
    }

    @Test
    void theLoginPageMayPostOnlyToOidAndRedirectOnlyToTheClientsOrigin() {
        Http.Response page = loginPage(new UserAgent());

        // issue 16: the login page runs OID's own passkey script (/assets/passkey.js), and it alone
        assertThat(page.header("Content-Security-Policy")).hasValue("default-src 'none'; script-src 'self'; connect-src 'self'; "
                + "style-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'; form-action 'self' https://app.example");

        SignInScenario nativeApp = SignInScenario.create(scenario.base, scenario.issuer, "com.example.app:/callback", "public", "");
        Http.Response nativePage = new UserAgent().get(nativeApp.authorizeUri(nativeApp.authorizationRequest(SignInScenario.Pkce.create())));
        assertThat(nativePage.status()).as(nativePage.body()).isEqualTo(200);
        assertThat(nativePage.header("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .endsWith("; form-action 'self' com.example.app:"));

        Map<String, String> unknownClient = scenario.authorizationRequest(SignInScenario.Pkce.create());
        unknownClient.put("client_id", "no-such-client");
        Http.Response error = new UserAgent().get(scenario.authorizeUri(unknownClient));
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.header("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).endsWith("; form-action 'none'"));
    }

    @Test
    void theSessionCookieIsHttpOnlyLaxOnTheIssuersPathAndNotSecureOverHttp() {
        UserAgent agent = new UserAgent();

        Http.Response redirect = agent.submit(loginPage(agent), Map.of("username", scenario.username, "password", SignInScenario.PASSWORD));

        assertThat(redirect.status()).isEqualTo(303);
        String setCookie = Responses.setCookie(redirect, "oid_session").orElseThrow();
        assertThat(Responses.cookieValue(setCookie)).matches("[A-Za-z0-9_-]{43}");
        assertThat(Responses.cookieAttributes(setCookie)).containsExactlyInAnyOrder("Path=/", "HttpOnly", "SameSite=Lax");
        assertThat(agent.cookie("oid_session")).hasValueSatisfying(cookie -> assertThat(cookie.getValue()).isEqualTo(Responses.cookieValue(setCookie)));
    }

    @Test
    void everySignInStartsANewSessionAndEndsThePreviousOne() {
        UserAgent agent = new UserAgent();
        scenario.signedIn(agent);
        String first = agent.cookie("oid_session").orElseThrow().getValue();
        Map<String, String> request = scenario.authorizationRequest(SignInScenario.Pkce.create());
        request.put("prompt", "login");

        Http.Response redirect = scenario.signIn(agent, request, SignInScenario.PASSWORD);

        assertThat(redirect.status()).isEqualTo(303);
        String second = Responses.setCookie(redirect, "oid_session").map(Responses::cookieValue).orElseThrow();
        assertThat(second).isNotEqualTo(first);
        // the replaced session signs no one in any more
        Map<String, String> silent = scenario.authorizationRequest(SignInScenario.Pkce.create());
        silent.put("prompt", "none");
        Http.Response replayed = Http.get(scenario.authorizeUri(silent), "Cookie", "oid_session=" + first);
        assertThat(UserAgent.redirectParameters(replayed)).containsEntry("error", "login_required");
        Http.Response current = Http.get(scenario.authorizeUri(silent), "Cookie", "oid_session=" + second);
        assertThat(UserAgent.redirectParameters(current)).containsKey("code");
    }

    @Test
    void signInsAndFailuresArePublishedWithoutThePasswordOrAnUnknownUsername() {
        UserAgent agent = new UserAgent();
        String wrongPassword = "wrong " + UUID.randomUUID();
        // people type their password into the username field: an unknown username is not published
        String unknown = "typed-" + UUID.randomUUID();
        agent.submit(loginPage(agent), Map.of("username", scenario.username, "password", wrongPassword));
        agent.submit(loginPage(agent), Map.of("username", unknown, "password", wrongPassword));
        JsonNode tokens = scenario.signedIn(agent);
        String sessionId = (String) Responses.idToken(tokens).getClaim("sid");

        List<JsonNode> events = events(record -> record.value().contains("\"oid.user.sign"), 3);

        assertThat(events).extracting(event -> event.path("type").asText())
                .containsExactly("oid.user.sign_in_failed", "oid.user.sign_in_failed", "oid.user.signed_in");
        JsonNode wrong = events.get(0).path("data");
        assertThat(wrong.path("reason").asText()).isEqualTo("wrong_password");
        assertThat(wrong.path("user_id").asText()).isEqualTo(scenario.userId);
        assertThat(wrong.path("client_id").asText()).isEqualTo(scenario.clientId);
        JsonNode nobody = events.get(1).path("data");
        assertThat(nobody.path("reason").asText()).isEqualTo("unknown_user");
        assertThat(nobody.has("user_id")).isFalse();
        JsonNode signedIn = events.get(2).path("data");
        assertThat(signedIn.path("user_id").asText()).isEqualTo(scenario.userId);
        assertThat(signedIn.path("client_id").asText()).isEqualTo(scenario.clientId);
        assertThat(signedIn.path("session_id").asText()).isEqualTo(sessionId);
        assertThat(events(record -> true, 1)).allSatisfy(event -> assertThat(event.toString())
                .doesNotContain(wrongPassword).doesNotContain(SignInScenario.PASSWORD).doesNotContain(unknown));
    }

    @Test
    void theEmailAddressSignsInLikeTheUsernameWhateverItsCase() {
        UserAgent agent = new UserAgent();
        SignInScenario.Pkce pkce = SignInScenario.Pkce.create();
        Map<String, String> request = scenario.authorizationRequest(pkce);
        Http.Response page = agent.get(scenario.authorizeUri(request));
        String email = (scenario.username + "@example.com").toUpperCase(Locale.ROOT);

        Http.Response redirect = agent.submit(page, Map.of("username", email, "password", SignInScenario.PASSWORD));

        assertThat(redirect.status()).isEqualTo(303);
        assertThat(Responses.idToken(Responses.exchange(scenario, redirect, request, pkce)).getSubject()).isEqualTo(scenario.userId);
    }

    private Http.Response loginPage(UserAgent agent) {
        Http.Response page = agent.get(scenario.authorizeUri(scenario.authorizationRequest(SignInScenario.Pkce.create())));
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return page;
    }

    /** This tenant's events matching the filter, in order, once {@code count} arrived (or what arrived within a minute). */
    private List<JsonNode> events(Predicate<ConsumerRecord<String, String>> matching, int count) {
        return TopicReader.read(record -> scenario.tenantId.equals(record.key()) && matching.test(record), count).stream()
                .map(record -> {
                    try {
                        return JSON.readTree(record.value());
                    } catch (IOException e) {
                        throw new AssertionError(record.value(), e);
                    }
                })
                .toList();
    }
}
