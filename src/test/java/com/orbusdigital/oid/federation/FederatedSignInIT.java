package com.orbusdigital.oid.federation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.orbusdigital.oid.testing.Browser;
import com.orbusdigital.oid.testing.CallbackServer;
import com.orbusdigital.oid.testing.EventStream;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.LogoutReceiver;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.TestInfrastructure;
import com.orbusdigital.oid.testing.UserAgent;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * Issue 18: a real upstream OpenID provider (mock-oauth2-server, in this JVM) and a real browser.
 * People of one tenant sign in through it by the login page's button, by their address's domain and
 * by idp_hint; a user is created just in time with the roles the provider's groups map to, and the
 * application's ID token says amr fed; an existing user is linked only by an address the provider
 * verified; a replayed state, an ID token for another audience and a provider that never answers
 * each end on OID's own page.
 */
@OidIT
class FederatedSignInIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String CLIENT_ID = "oid-at-corp";

    private static MockOAuth2Server upstream;
    private static ServerSocket silent;
    private static Tenant tenant;

    private static CallbackServer application;
    /** The application's back-channel logout endpoint: an upstream logout is passed on to it. */
    private static LogoutReceiver applicationLogouts;

    private RunningOid oid;
    private Browser browser;

    /** The tenant, its application and providers, made once for the class. */
    private record Tenant(SignInScenario scenario, UUID providerId, UUID silentProviderId) {}

    @BeforeAll
    static void startUpstream() throws Exception {
        upstream = new MockOAuth2Server();
        upstream.start(InetAddress.getByName("127.0.0.1"), 0);
        // accepts connections and never answers: a provider that hangs
        silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        application = CallbackServer.start();
        applicationLogouts = LogoutReceiver.start();
    }

    @AfterAll
    static void stopUpstream() throws Exception {
        upstream.shutdown();
        silent.close();
        application.close();
        applicationLogouts.close();
    }

    @BeforeEach
    void setUp() {
        browser = Browser.start();
        if (tenant == null) {
            SignInScenario scenario = SignInScenario.create(oid.root(), oid.issuer(), application.uri("/callback"), "public",
                    ",\"backchannel_logout_uri\":\"" + applicationLogouts.uri("/logout") + "\"");
            scenario.admin.post("admin/tenants/" + scenario.tenant + "/roles", "{\"name\":\"auditor\"}");
            // through the admin API: the corporate provider as a confidential client (its secret sealed at rest and
            // sent as client_secret_post), the hanging one as a public client
            UUID provider = provider(scenario, """
                    {"alias":"corp","display_name":"Corp Login","issuer":"%s","client_id":"%s","client_auth":"client_secret_post",
                     "client_secret":"corp-upstream-secret","claims":{"roles":"groups"},"role_mappings":{"auditors":["auditor"]},
                     "create_users":true,"link_by_email":true,"domains":["corp.example"]}""".formatted(upstream.issuerUrl("corp"), CLIENT_ID));
            UUID hanging = provider(scenario, """
                    {"alias":"hanging","display_name":"Hanging Login","issuer":"http://127.0.0.1:%d/never","client_id":"%s",
                     "client_auth":"none","create_users":true}""".formatted(silent.getLocalPort(), CLIENT_ID));
            tenant = new Tenant(scenario, provider, hanging);
        }
    }

    private static UUID provider(SignInScenario scenario, String json) {
        Http.Response created = scenario.admin.post("admin/tenants/" + scenario.tenant + "/identity-providers", json);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return UUID.fromString(created.json().path("id").asText());
    }

    @AfterEach
    void tearDown() {
        browser.close();
    }

    @Test
    void peopleSignInThroughTheirProviderByButtonByDomainAndByHint() throws Exception {
        SignInScenario scenario = tenant.scenario();
        WebDriver page = browser.driver();

        // by the login page's button: a user created just in time, with the role the provider's group maps to
        upstream.enqueueCallback(new DefaultOAuth2TokenCallback("corp", "grace-sub", "JWT", List.of(CLIENT_ID),
                Map.of("preferred_username", "grace", "email", "grace@corp.example", "email_verified", true, "name", "Grace Hopper",
                        "groups", List.of("auditors", "admins"), "amr", List.of("pwd")), 300));
        SignInScenario.Pkce pkce = SignInScenario.Pkce.create();
        Map<String, String> request = scenario.authorizationRequest(pkce);
        browser.open(scenario.authorizeUri(request).toString());
        page.findElement(By.xpath("//button[normalize-space()='Continue with Corp Login']")).click();
        JWTClaimsSet grace = idToken(request, pkce);
        assertThat(grace.getStringListClaim("amr")).containsExactly("fed");
        String graceId = grace.getSubject();
        assertThat(roles(graceId)).as("the roles its groups map to, nothing for a group the mapping lacks").containsExactly("auditor");
        assertThat(user(graceId)).containsExactly("grace", "grace@corp.example", "true");
        EventStream.await(scenario.tenantId, "oid.user.federated_sign_in", graceId);
        EventStream.await(scenario.tenantId, "oid.user.created", graceId);

        // by the address's domain, typed on the login page without a password: the provider gets it as login_hint;
        // the group is gone upstream, so is the role here
        page.manage().deleteAllCookies();
        upstream.enqueueCallback(new DefaultOAuth2TokenCallback("corp", "grace-sub", "JWT", List.of(CLIENT_ID),
                Map.of("preferred_username", "grace", "groups", List.of()), 300));
        pkce = SignInScenario.Pkce.create();
        request = scenario.authorizationRequest(pkce);
        browser.open(scenario.authorizeUri(request).toString());
        page.findElement(By.id("username")).sendKeys("Grace@CORP.example");
        page.findElement(By.cssSelector("form[action$='/login'] button[type=submit]")).click();
        assertThat(idToken(request, pkce).getSubject()).as("the identity linked at the first sign-in").isEqualTo(graceId);
        assertThat(authorizeRequests()).anySatisfy(sent -> assertThat(sent).contains("login_hint=Grace%40CORP.example"));
        assertThat(roles(graceId)).isEmpty();

        // by idp_hint: OID's login page skipped
        page.manage().deleteAllCookies();
        upstream.enqueueCallback(new DefaultOAuth2TokenCallback("corp", "grace-sub", "JWT", List.of(CLIENT_ID),
                Map.of("groups", "auditors", "sid", "upstream-session-1"), 300));
        pkce = SignInScenario.Pkce.create();
        request = scenario.authorizationRequest(pkce);
        request.put("idp_hint", "corp");
        browser.open(scenario.authorizeUri(request).toString());
        JWTClaimsSet hinted = idToken(request, pkce);
        assertThat(hinted.getSubject()).isEqualTo(graceId);
        assertThat(roles(graceId)).containsExactly("auditor");

        // the first session as one completed after a second factor of OID's is: it does not know its upstream session
        forgetUpstream(grace.getStringClaim("sid"));

        // the provider's back-channel logout for that upstream session ends OID's session: the next request shows the login page
        URI logoutUri = URI.create(oid.issuer() + "/login/federation/" + tenant.providerId() + "/backchannel-logout");
        String logoutToken = upstream.issueToken("corp", CLIENT_ID, new DefaultOAuth2TokenCallback("corp", "grace-sub", "logout+jwt",
                List.of(CLIENT_ID), Map.of("sid", "upstream-session-1", "jti", UUID.randomUUID().toString(),
                "events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of())), 120)).serialize();
        assertThat(Http.postForm(logoutUri, "logout_token=" + logoutToken).status()).isEqualTo(200);
        browser.open(scenario.authorizeUri(scenario.authorizationRequest(SignInScenario.Pkce.create())).toString());
        assertThat(page.findElements(By.id("password"))).as("signed out by the provider").hasSize(1);
        // and passed on: the application gets OID's own logout token for the session the provider named, and for the
        // session that could not tell which upstream session it was (ended too: more, never fewer); not for the second
        // session, which knows it was another
        List<String> toldSids = new ArrayList<>();
        for (LogoutReceiver.Delivery delivery : applicationLogouts.await(sent -> sent.path().equals("/logout"), 2, WAIT)) {
            JWTClaimsSet told = SignedJWT.parse(delivery.logoutToken()).getJWTClaimsSet();
            assertThat(told.getIssuer()).isEqualTo(oid.issuer());
            assertThat(told.getAudience()).containsExactly(scenario.clientId);
            assertThat(told.getSubject()).isEqualTo(graceId);
            toldSids.add(told.getStringClaim("sid"));
        }
        assertThat(toldSids).containsExactlyInAnyOrder(hinted.getStringClaim("sid"), grace.getStringClaim("sid"));
        // the same token again, or a token of no one: invalid_request
        Http.Response replayed = Http.postForm(logoutUri, "logout_token=" + logoutToken);
        assertThat(replayed.status()).isEqualTo(400);
        assertThat(replayed.json().path("error").asText()).isEqualTo("invalid_request");
        assertThat(Http.postForm(logoutUri, "logout_token=not.a.token").status()).isEqualTo(400);
    }

    @Test
    void anExistingUserIsLinkedOnlyByAVerifiedAddressAndWhatCannotBeTrustedEndsOnOidsPage() throws Exception {
        SignInScenario scenario = tenant.scenario();
        WebDriver page = browser.driver();
        String address = scenario.username + "@example.com";

        // the address of an existing user, not verified upstream: no link, no second account
        upstream.enqueueCallback(new DefaultOAuth2TokenCallback("corp", "ada-unverified", "JWT", List.of(CLIENT_ID),
                Map.of("preferred_username", "ada-elsewhere", "email", address, "email_verified", false), 300));
        Map<String, String> request = scenario.authorizationRequest(SignInScenario.Pkce.create());
        request.put("idp_hint", "corp");
        browser.open(scenario.authorizeUri(request).toString());
        assertThat(pageText(page)).contains("Sign-in cannot continue", "already has this email address");
        assertThat(linkedUsers()).doesNotContain("ada-unverified");

        // verified: linked to her account
        page.manage().deleteAllCookies();
        upstream.enqueueCallback(new DefaultOAuth2TokenCallback("corp", "ada-verified", "JWT", List.of(CLIENT_ID),
                Map.of("email", address.toUpperCase(), "email_verified", true), 300));
        SignInScenario.Pkce pkce = SignInScenario.Pkce.create();
        request = scenario.authorizationRequest(pkce);
        request.put("idp_hint", "corp");
        browser.open(scenario.authorizeUri(request).toString());
        assertThat(idToken(request, pkce).getSubject()).isEqualTo(scenario.userId);
        EventStream.await(scenario.tenantId, "oid.user.linked", scenario.userId);

        // the answer's state again (a replay): OID's page, nothing signed in
        String usedState = lastState();
        browser.open(oid.issuer() + "/login/federation/" + tenant.providerId() + "/callback?state=" + usedState + "&code=replayed");
        assertThat(pageText(page)).contains("expired or was already used");

        // an answer is the browser's that left only: brought by another (a code slipped into someone else's sign-in)
        // it is refused and spent, so the first browser finds it gone too
        // (no token is asked for: nothing to shape at the provider)
        UserAgent leaving = new UserAgent();
        request = scenario.authorizationRequest(SignInScenario.Pkce.create());
        request.put("idp_hint", "corp");
        Http.Response toProvider = leaving.get(scenario.authorizeUri(request));
        assertThat(toProvider.status()).isEqualTo(302);
        assertThat(leaving.cookie("oid_federation")).isPresent();
        URI answer = URI.create(leaving.get(URI.create(toProvider.header("Location").orElseThrow())).header("Location").orElseThrow());
        assertThat(answer.getPath()).isEqualTo("/login/federation/" + tenant.providerId() + "/callback");
        Http.Response elsewhere = new UserAgent().get(answer);
        assertThat(elsewhere.status()).isEqualTo(400);
        assertThat(elsewhere.body()).contains("expired or was already used");
        assertThat(leaving.get(answer).body()).contains("expired or was already used");

        // an ID token that expired five minutes ago (beyond the minute of skew): refused
        page.manage().deleteAllCookies();
        upstream.enqueueCallback(new DefaultOAuth2TokenCallback("corp", "ada-verified", "JWT", List.of(CLIENT_ID), Map.of(), -300));
        request = scenario.authorizationRequest(SignInScenario.Pkce.create());
        request.put("idp_hint", "corp");
        browser.open(scenario.authorizeUri(request).toString());
        assertThat(pageText(page)).contains("could not be verified");

        // a provider that accepts the connection and never answers: a page within seconds (3 s timeouts)
        page.manage().deleteAllCookies();
        request = scenario.authorizationRequest(SignInScenario.Pkce.create());
        request.put("idp_hint", "hanging");
        long started = System.nanoTime();
        browser.open(scenario.authorizeUri(request).toString());
        assertThat(pageText(page)).contains("cannot be reached");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    }

    /** The application's code redeemed, the ID token's claims (OID's token, validated by the exchange's own checks). */
    private JWTClaimsSet idToken(Map<String, String> request, SignInScenario.Pkce pkce) throws Exception {
        Map<String, String> answer = application.awaitRequest("/callback", WAIT);
        assertThat(answer.get("state")).as("the answer of this request, nothing before it").isEqualTo(request.get("state"));
        Http.Response tokens = tenant.scenario().exchange(answer.get("code"), pkce);
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        JsonNode json = tokens.json();
        return SignedJWT.parse(json.path("id_token").asText()).getJWTClaimsSet();
    }

    private static String pageText(WebDriver page) {
        return page.findElement(By.tagName("body")).getText();
    }

    /** Every authorization request the provider received so far (their paths and queries). */
    private static List<String> authorizeRequests() throws InterruptedException {
        List<String> seen = new ArrayList<>();
        while (true) {
            RecordedRequest recorded;
            try {
                recorded = upstream.takeRequest(100, TimeUnit.MILLISECONDS);
            } catch (RuntimeException none) {
                break; // it throws rather than answer null when nothing came
            }
            if (recorded == null) {
                break;
            }
            String path = recorded.getPath();
            if (path != null && path.contains("/authorize")) {
                seen.add(path);
                LAST_STATE[0] = recorded.getRequestUrl().queryParameter("state");
            }
        }
        return seen;
    }

    private static final String[] LAST_STATE = new String[1];

    private static String lastState() throws InterruptedException {
        authorizeRequests();
        return LAST_STATE[0];
    }

    /** What a session completed after a second factor of OID's looks like: no upstream provider, subject nor sid. */
    private static void forgetUpstream(String sessionId) throws Exception {
        try (Connection connection = TestInfrastructure.postgres().connect(); PreparedStatement update = connection.prepareStatement(
                "UPDATE sessions SET upstream_provider_id = NULL, upstream_subject = NULL, upstream_sid = NULL WHERE id = ?")) {
            update.setObject(1, UUID.fromString(sessionId));
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private static List<String> roles(String userId) throws Exception {
        return strings("SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = ? ORDER BY r.name",
                UUID.fromString(userId), 1);
    }

    private static List<String> user(String userId) throws Exception {
        return strings("SELECT username, email, email_verified::text FROM users WHERE id = ?", UUID.fromString(userId), 3);
    }

    private static List<String> linkedUsers() throws Exception {
        return strings("SELECT subject FROM federated_identities WHERE provider_id = ?", tenant.providerId(), 1);
    }

    private static List<String> strings(String sql, Object parameter, int columns) throws Exception {
        try (Connection connection = TestInfrastructure.postgres().connect(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setObject(1, parameter);
            List<String> values = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    for (int column = 1; column <= columns; column++) {
                        values.add(rows.getString(column));
                    }
                }
            }
            return values;
        }
    }
}
