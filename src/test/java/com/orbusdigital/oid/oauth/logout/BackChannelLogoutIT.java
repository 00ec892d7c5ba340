package com.orbusdigital.oid.oauth.logout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.claims.LogoutTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.LogoutTokenValidator;
import com.orbusdigital.oid.testing.EventStream;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.LogoutReceiver;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RelyingParty;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.TestInfrastructure;
import com.orbusdigital.oid.testing.UserAgent;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: OpenID Connect Back-Channel Logout 1.0 to OID's clients. One tenant, set up once, with
 * three clients: two whose backchannel_logout_uri is a test relying party's endpoint (a
 * {@link LogoutReceiver}), one with none. Every logout token is verified as a relying party would,
 * with the Nimbus SDK's {@link LogoutTokenValidator} against OID's published JWKS.
 */
@OidIT
class BackChannelLogoutIT {

    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final String A_PATH = "/docstore/backchannel";
    private static final String B_PATH = "/forms/backchannel";

    private static LogoutReceiver receiver;
    private static SignInScenario scenario;
    private static String clientB;
    private static String clientC;
    private static JWKSource<SecurityContext> jwks;

    private RunningOid oid;

    @BeforeEach
    void setUp() throws Exception {
        if (scenario != null) {
            return;
        }
        receiver = LogoutReceiver.start();
        scenario = SignInScenario.create(oid.root(), oid.issuer(), "https://docstore.example/callback", "public",
                ",\"backchannel_logout_uri\":\"" + receiver.uri(A_PATH) + "\",\"backchannel_logout_session_required\":true");
        clientB = client("Forms", ",\"backchannel_logout_uri\":\"" + receiver.uri(B_PATH) + "\"");
        clientC = client("Reports", "");
        jwks = JWKSourceBuilder.create(URI.create(oid.issuer() + "/.well-known/jwks.json").toURL()).retrying(false).build();
    }

    @AfterAll
    static void stopReceiver() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void aSignOutTellsEachApplicationTheSessionServedOnceWithAVerifiableLogoutToken() throws Exception {
        OIDCProviderMetadata metadata = new RelyingParty(oid.issuer(), TestInfrastructure.AUDIENCE).metadata();
        assertThat(metadata.supportsBackChannelLogout()).isTrue();
        assertThat(metadata.supportsBackChannelLogoutSession()).isTrue();
        JsonNode registered = scenario.admin.get("admin/tenants/" + scenario.tenant + "/clients/" + scenario.clientId).json();
        assertThat(registered.path("backchannel_logout_uri").asText()).isEqualTo(receiver.uri(A_PATH));
        assertThat(registered.path("backchannel_logout_session_required").asBoolean()).isTrue();

        UserAgent agent = new UserAgent();
        String idTokenA = scenario.signedIn(agent).path("id_token").asText();
        String idTokenB = silentSignIn(agent, clientB).path("id_token").asText();
        silentSignIn(agent, clientC);
        String sid = claims(idTokenA).getStringClaim("sid");
        assertThat(claims(idTokenB).getStringClaim("sid")).isEqualTo(sid);

        Http.Response signedOut = agent.get(URI.create(oid.issuer() + "/logout?" + UserAgent.encode(Map.of("id_token_hint", idTokenA))));
        assertThat(signedOut.status()).isEqualTo(200);

        LogoutReceiver.Delivery toA = receiver.await(of(sid, A_PATH), 1, DELIVERY).get(0);
        LogoutReceiver.Delivery toB = receiver.await(of(sid, B_PATH), 1, DELIVERY).get(0);
        for (LogoutReceiver.Delivery delivery : List.of(toA, toB)) {
            assertThat(delivery.contentType()).startsWith("application/x-www-form-urlencoded");
        }
        LogoutTokenClaimsSet logoutA = validated(toA, scenario.clientId);
        LogoutTokenClaimsSet logoutB = validated(toB, clientB);
        for (LogoutTokenClaimsSet logout : List.of(logoutA, logoutB)) {
            assertThat(logout.getSessionID().getValue()).isEqualTo(sid);
            assertThat(logout.getSubject().getValue()).isEqualTo(scenario.userId).isEqualTo(claims(idTokenA).getSubject());
            assertThat(logout.getStringClaim("nonce")).isNull();
            assertThat(Duration.between(logout.getIssueTime().toInstant(), logout.getExpirationTime().toInstant()))
                    .isEqualTo(Duration.ofMinutes(2));
        }
        assertThat(logoutA.getJWTID()).isNotEqualTo(logoutB.getJWTID());

        // each delivery is published, without the token; then nothing more is due, and the client without a URI got nothing
        for (String client : List.of(scenario.clientId, clientB)) {
            String event = EventStream.await(scenario.tenantId, "oid.session.logout_notified", "\"client_id\":\"" + client + "\",\"session_id\":\"" + sid + "\"").value();
            assertThat(event).contains("\"attempts\":1", "\"status\":200").doesNotContain(toA.logoutToken(), toB.logoutToken());
        }
        assertThat(rows("backchannel_logouts", sid)).isZero();
        assertThat(rows("session_clients", sid)).isZero();
        assertThat(receiver.received(delivery -> sid.equals(sid(delivery)))).hasSize(2);
    }

    @Test
    void anApplicationThatFailsTheFirstDeliveryIsToldAgainWithAFreshToken() throws Exception {
        UserAgent agent = new UserAgent();
        String idToken = scenario.signedIn(agent).path("id_token").asText();
        String sid = claims(idToken).getStringClaim("sid");
        receiver.failNext(A_PATH, 1);

        agent.get(URI.create(oid.issuer() + "/logout?" + UserAgent.encode(Map.of("id_token_hint", idToken))));

        List<LogoutReceiver.Delivery> deliveries = receiver.await(of(sid, A_PATH), 2, DELIVERY);
        assertThat(deliveries).extracting(LogoutReceiver.Delivery::answered).containsExactly(500, 200);
        Set<String> jtis = new HashSet<>();
        for (LogoutReceiver.Delivery delivery : deliveries) {
            jtis.add(validated(delivery, scenario.clientId).getJWTID().getValue());
        }
        assertThat(jtis).hasSize(2);
        assertThat(EventStream.await(scenario.tenantId, "oid.session.logout_notified", "\"session_id\":\"" + sid + "\"").value())
                .contains("\"attempts\":2");
        assertThat(rows("backchannel_logouts", sid)).isZero();
    }

    @Test
    void anAdministratorDisablingAUserTellsTheApplicationsOfEveryOneOfTheirSessions() throws Exception {
        String username = "grace-" + UUID.randomUUID().toString().substring(0, 6);
        Http.Response user = scenario.admin.post("admin/tenants/" + scenario.tenant + "/users",
                "{\"username\":\"" + username + "\",\"password\":\"" + SignInScenario.PASSWORD + "\"}");
        assertThat(user.status()).as(user.body()).isEqualTo(201);
        String userId = user.json().path("id").asText();
        String laptop = claims(signIn(new UserAgent(), username)).getStringClaim("sid");
        String phone = claims(signIn(new UserAgent(), username)).getStringClaim("sid");

        Http.Response disabled = scenario.admin.patch("admin/tenants/" + scenario.tenant + "/users/" + userId, "{\"enabled\":false}");
        assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);

        for (String sid : List.of(laptop, phone)) {
            LogoutTokenClaimsSet logout = validated(receiver.await(of(sid, A_PATH), 1, DELIVERY).get(0), scenario.clientId);
            assertThat(logout.getSubject().getValue()).isEqualTo(userId);
            assertThat(logout.getSessionID().getValue()).isEqualTo(sid);
        }
    }

    /** A public client of the scenario's tenant, its redirect URI the scenario's. */
    private static String client(String name, String extra) {
        Http.Response created = scenario.admin.post("admin/tenants/" + scenario.tenant + "/clients", "{\"name\":\"" + name
                + "\",\"type\":\"public\",\"redirect_uris\":[\"" + scenario.redirectUri + "\"],\"grant_types\":[\"authorization_code\"]"
                + extra + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("client_id").asText();
    }

    /** The tokens of another client in the same browser: its session skips the form. */
    private static JsonNode silentSignIn(UserAgent agent, String clientId) {
        SignInScenario.Pkce pkce = SignInScenario.Pkce.create();
        Map<String, String> request = new LinkedHashMap<>(scenario.authorizationRequest(pkce));
        request.put("client_id", clientId);
        request.put("scope", "openid");
        return exchange(clientId, scenario.code(agent.get(scenario.authorizeUri(request)), request), pkce);
    }

    /** The ID token of a sign-in of {@code username} to the scenario's client. */
    private static String signIn(UserAgent agent, String username) {
        SignInScenario.Pkce pkce = SignInScenario.Pkce.create();
        Map<String, String> request = scenario.authorizationRequest(pkce);
        Http.Response page = agent.get(scenario.authorizeUri(request));
        Http.Response redirect = agent.submit(page, Map.of("username", username, "password", SignInScenario.PASSWORD));
        return exchange(scenario.clientId, scenario.code(redirect, request), pkce).path("id_token").asText();
    }

    private static JsonNode exchange(String clientId, String code, SignInScenario.Pkce pkce) {
        Http.Response tokens = Http.postForm(URI.create(scenario.issuer + "/token"), UserAgent.encode(Map.of("grant_type",
                "authorization_code", "code", code, "redirect_uri", scenario.redirectUri, "code_verifier", pkce.verifier(),
                "client_id", clientId)));
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        return tokens.json();
    }

    /** The relying party's check (§2.6): signature through the JWKS, typ logout+jwt, iss, aud, iat/exp, events, no nonce. */
    private LogoutTokenClaimsSet validated(LogoutReceiver.Delivery delivery, String clientId) throws Exception {
        LogoutTokenValidator validator = new LogoutTokenValidator(new Issuer(oid.issuer()), new ClientID(clientId), true,
                new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, jwks), null);
        return validator.validate(SignedJWT.parse(delivery.logoutToken()));
    }

    private static java.util.function.Predicate<LogoutReceiver.Delivery> of(String sid, String path) {
        return delivery -> path.equals(delivery.path()) && sid.equals(sid(delivery));
    }

    private static String sid(LogoutReceiver.Delivery delivery) {
        try {
            return claims(delivery.logoutToken()).getStringClaim("sid");
        } catch (Exception unreadable) {
            return null;
        }
    }

    private static JWTClaimsSet claims(String jwt) throws Exception {
        return SignedJWT.parse(jwt).getJWTClaimsSet();
    }

    private static long rows(String table, String sessionId) throws Exception {
        try (Connection connection = TestInfrastructure.postgres().connect();
             PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM " + table + " WHERE session_id = ?::uuid")) {
            query.setString(1, sessionId);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }
}
