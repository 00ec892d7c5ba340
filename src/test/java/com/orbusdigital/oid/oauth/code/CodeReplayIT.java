package com.orbusdigital.oid.oauth.code;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.orbusdigital.oid.testing.EventStream;
import com.orbusdigital.oid.testing.Fixtures;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.Simultaneous;
import com.orbusdigital.oid.testing.UserAgent;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An authorization code is good once, for its own client, its redirect URI and 60 seconds
 * (RFC 6749 §4.1.2, §4.1.3); a replay is refused and revokes what the first use issued
 * (RFC 6749 §4.1.2, RFC 9700 §4.5), which OID reports as an event.
 */
@OidIT
class CodeReplayIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REDIRECT_URI = "https://app.example/callback";
    private static final String INVALID_CODE = "the authorization code is invalid, expired or was already used";

    private RunningOid oid;

    private SignInScenario scenario;

    @BeforeEach
    void setUp() throws Exception {
        scenario = SignInScenario.create(oid.root(), oid.issuer(), REDIRECT_URI, "public", "");
    }

    private record SignedIn(Map<String, String> request, SignInScenario.Pkce pkce, String code) {}

    private SignedIn signIn() {
        SignInScenario.Pkce pkce = SignInScenario.Pkce.create();
        Map<String, String> request = scenario.authorizationRequest(pkce);
        return new SignedIn(request, pkce, scenario.code(scenario.signIn(new UserAgent(), request, SignInScenario.PASSWORD), request));
    }

    /** A code for {@code browser}, signed in already: its sign-in session answers without the form. */
    private SignedIn signedInAgain(UserAgent browser) {
        SignInScenario.Pkce pkce = SignInScenario.Pkce.create();
        Map<String, String> request = scenario.authorizationRequest(pkce);
        return new SignedIn(request, pkce, scenario.code(browser.get(scenario.authorizeUri(request)), request));
    }

    private static JsonNode tokens(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static void assertInvalidGrant(Http.Response response, String description) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.header("Cache-Control")).contains("no-store");
        assertThat(response.json()).isEqualTo(JSON.createObjectNode().put("error", "invalid_grant").put("error_description", description));
    }

    private Http.Response userinfo(String accessToken) {
        return Http.get(URI.create(scenario.issuer + "/userinfo"), "Authorization", "Bearer " + accessToken);
    }

    private static void assertRefusedByUserinfo(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).hasValueSatisfying(challenge ->
                assertThat(challenge).startsWith("Bearer ").contains("error=\"invalid_token\""));
    }

    /** A confidential client of the scenario's tenant that may introspect its tokens. */
    private JsonNode introspector() {
        return scenario.admin.createServiceClient(scenario.tenant);
    }

    private Http.Response introspect(JsonNode introspector, String token) {
        return Http.postForm(URI.create(scenario.issuer + "/introspect"), "token=" + token,
                "Authorization", Http.basic(introspector.path("client_id").asText(), introspector.path("client_secret").asText()));
    }

    @Test
    void aReplayedCodeIsRefusedAndRevokesTheTokensOfItsFirstUse() throws Exception {
        JsonNode introspector = introspector();
        SignedIn signedIn = signIn();
        JsonNode first = tokens(scenario.exchange(signedIn.code(), signedIn.pkce()));
        String accessToken = first.path("access_token").asText();
        String refreshToken = first.path("refresh_token").asText();
        assertThat(userinfo(accessToken).status()).isEqualTo(200);
        assertThat(introspect(introspector, accessToken).json().path("active").asBoolean()).isTrue();

        Http.Response replay = scenario.exchange(signedIn.code(), signedIn.pkce());

        assertInvalidGrant(replay, INVALID_CODE);
        // same replica: the revocation is in its memory at once, no waiting for the 5-second reload
        assertRefusedByUserinfo(userinfo(accessToken));
        Http.Response introspection = introspect(introspector, accessToken);
        assertThat(introspection.status()).isEqualTo(200);
        assertThat(introspection.body()).isEqualTo("{\"active\":false}");
        assertInvalidGrant(scenario.refresh(refreshToken), "the refresh token is invalid, expired or revoked");

        ConsumerRecord<String, String> event = EventStream.await(scenario.tenantId, "oid.authorization_code.replayed", scenario.userId);
        JsonNode data = JSON.readTree(event.value()).path("data");
        assertThat(data.path("tenant_id").asText()).isEqualTo(scenario.tenantId);
        assertThat(data.path("user_id").asText()).isEqualTo(scenario.userId);
        assertThat(data.path("client_id").asText()).isEqualTo(scenario.clientId);
        assertThat(data.path("access_token_revoked").asBoolean()).isTrue();
        assertThat(data.path("refresh_tokens_revoked").asInt()).isEqualTo(1);
        assertThat(event.value()).doesNotContain(signedIn.code()).doesNotContain(accessToken).doesNotContain(refreshToken);
    }

    @Test
    void aReplayAlsoRevokesTheTokensRefreshedFromTheCode() throws Exception {
        SignedIn signedIn = signIn();
        JsonNode first = tokens(scenario.exchange(signedIn.code(), signedIn.pkce()));
        JsonNode refreshed = tokens(scenario.refresh(first.path("refresh_token").asText()));
        assertThat(userinfo(refreshed.path("access_token").asText()).status()).isEqualTo(200);

        assertInvalidGrant(scenario.exchange(signedIn.code(), signedIn.pkce()), INVALID_CODE);

        assertRefusedByUserinfo(userinfo(first.path("access_token").asText()));
        assertRefusedByUserinfo(userinfo(refreshed.path("access_token").asText()));
        assertThat(scenario.refresh(refreshed.path("refresh_token").asText()).status()).isEqualTo(400);
    }

    @Test
    void aCodePresentedByAnotherClientOfTheTenantIsRefusedAndBurntForItsOwnClient() throws Exception {
        Http.Response other = scenario.admin.post("admin/tenants/" + scenario.tenant + "/clients",
                "{\"name\":\"Other app\",\"type\":\"public\",\"redirect_uris\":[\"" + REDIRECT_URI + "\"]"
                        + ",\"grant_types\":[\"authorization_code\",\"refresh_token\"]}");
        assertThat(other.status()).as(other.body()).isEqualTo(201);
        SignedIn signedIn = signIn();

        Http.Response stolen = Http.postForm(URI.create(scenario.issuer + "/token"), UserAgent.encode(Map.of(
                "grant_type", "authorization_code", "code", signedIn.code(), "redirect_uri", REDIRECT_URI,
                "code_verifier", signedIn.pkce().verifier(), "client_id", other.json().path("client_id").asText())));

        assertInvalidGrant(stolen, INVALID_CODE);
        assertInvalidGrant(scenario.exchange(signedIn.code(), signedIn.pkce()), INVALID_CODE);
    }

    @Test
    void ofSimultaneousRedemptionsOfOneCodeExactlyOneGetsTheTokensAndTheOthersAreReplays() throws Exception {
        UserAgent browser = new UserAgent();
        Map<String, String> first = scenario.authorizationRequest(SignInScenario.Pkce.create());
        scenario.code(scenario.signIn(browser, first, SignInScenario.PASSWORD), first);
        for (int round = 0; round < 2; round++) {
            for (int n = 2; n <= 10; n++) {
                SignedIn signedIn = signedInAgain(browser);
                List<Http.Response> won = new ArrayList<>();
                for (Http.Response response : Simultaneous.send(n, () -> scenario.exchange(signedIn.code(), signedIn.pkce()))) {
                    if (response.status() == 200) {
                        won.add(response);
                    } else {
                        assertInvalidGrant(response, INVALID_CODE);
                    }
                }
                assertThat(won).as("%d simultaneous redemptions, round %d", n, round).hasSize(1);
                // the winner's tokens were stored before it answered, so the replays found and revoked them
                JsonNode tokens = won.get(0).json();
                assertRefusedByUserinfo(userinfo(tokens.path("access_token").asText()));
                assertInvalidGrant(scenario.refresh(tokens.path("refresh_token").asText()),
                        "the refresh token is invalid, expired or revoked");
            }
        }
    }

    @Test
    void anExpiredCodeIsInvalidGrant() throws Exception {
        // written into auth_codes already expired rather than waiting out its 60 seconds
        Fixtures fixtures = oid.fixtures();
        UUID tenantId = UUID.fromString(scenario.tenantId);
        UUID clientKey = fixtures.clientKey(scenario.clientId);
        UUID userId = UUID.fromString(scenario.userId);
        SignInScenario.Pkce pkce = SignInScenario.Pkce.create();
        String expired = "expired-" + UUID.randomUUID();
        String live = "live-" + UUID.randomUUID();
        fixtures.authCode(expired, tenantId, clientKey, userId, REDIRECT_URI, "openid", pkce.challenge(), Instant.now().minusSeconds(5));
        fixtures.authCode(live, tenantId, clientKey, userId, REDIRECT_URI, "openid", pkce.challenge(), Instant.now().plusSeconds(60));

        assertInvalidGrant(scenario.exchange(expired, pkce), INVALID_CODE);
        tokens(scenario.exchange(live, pkce)); // the same row, unexpired, is redeemable
    }

    @Test
    void anUnknownCodeIsInvalidGrant() {
        assertInvalidGrant(scenario.exchange("never-issued-" + UUID.randomUUID(), SignInScenario.Pkce.create()), INVALID_CODE);
    }

    @Test
    void aDifferentRedirectUriAtTheTokenEndpointIsInvalidGrantAndBurnsTheCode() {
        SignedIn signedIn = signIn();

        Http.Response response = scenario.token(Map.of("grant_type", "authorization_code", "code", signedIn.code(),
                "redirect_uri", REDIRECT_URI + "/", "code_verifier", signedIn.pkce().verifier()));

        assertInvalidGrant(response, "redirect_uri does not match the authorization request");
        assertInvalidGrant(scenario.exchange(signedIn.code(), signedIn.pkce()), INVALID_CODE);
    }

    @Test
    void anOmittedRedirectUriAtTheTokenEndpointIsInvalidGrantWhenTheAuthorizationRequestHadOne() {
        SignedIn signedIn = signIn();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", signedIn.code());
        form.put("code_verifier", signedIn.pkce().verifier());

        assertInvalidGrant(scenario.token(form), "redirect_uri does not match the authorization request");
    }
}
