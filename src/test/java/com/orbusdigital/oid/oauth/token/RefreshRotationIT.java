package com.orbusdigital.oid.oauth.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.orbusdigital.oid.testing.EventStream;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.Simultaneous;
import com.orbusdigital.oid.testing.UserAgent;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 6749 §6 with rotation (RFC 9700 §4.14.2): every refresh answers a new refresh token, a
 * rotated one presented again revokes its whole family, and a refresh never widens the grant.
 */
@OidIT
class RefreshRotationIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INVALID_REFRESH = "the refresh token is invalid, expired or revoked";

    private RunningOid oid;

    private String issuer;
    private SignInScenario scenario;

    @BeforeEach
    void setUp() throws Exception {
        issuer = oid.issuer();
        scenario = SignInScenario.create(oid.root(), issuer, "https://app.example/callback", "public", "");
    }

    /** The token response of a whole sign-in asking for {@code scope}, in a fresh browser. */
    private static JsonNode signedIn(SignInScenario scenario, String scope) {
        return signedIn(scenario, scope, Map.of());
    }

    /** @param more more authorization parameters, e.g. {@code claims} */
    private static JsonNode signedIn(SignInScenario scenario, String scope, Map<String, String> more) {
        SignInScenario.Pkce pkce = SignInScenario.Pkce.create();
        Map<String, String> request = scenario.authorizationRequest(pkce);
        request.put("scope", scope);
        request.putAll(more);
        Http.Response tokens = scenario.exchange(scenario.code(scenario.signIn(new UserAgent(), request, SignInScenario.PASSWORD), request), pkce);
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        return tokens.json();
    }

    private static JsonNode refreshed(SignInScenario scenario, String refreshToken) {
        Http.Response response = scenario.refresh(refreshToken);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static void assertError(Http.Response response, int status, String error, String description) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.header("Cache-Control")).contains("no-store");
        assertThat(response.json()).isEqualTo(JSON.createObjectNode().put("error", error).put("error_description", description));
    }

    private static JWTClaimsSet claims(String jwt) throws Exception {
        return SignedJWT.parse(jwt).getJWTClaimsSet();
    }

    private Http.Response userinfo(String accessToken) {
        return Http.get(URI.create(issuer + "/userinfo"), "Authorization", "Bearer " + accessToken);
    }

    @Test
    void eachRefreshAnswersNewTokensAndTheIdTokenKeepsAuthTimeAndSubWithoutNonce() throws Exception {
        JsonNode first = scenario.signedIn(new UserAgent());
        JWTClaimsSet firstId = claims(first.path("id_token").asText());
        assertThat(firstId.getStringClaim("nonce")).isNotBlank();

        JsonNode second = refreshed(scenario, first.path("refresh_token").asText());
        JsonNode third = refreshed(scenario, second.path("refresh_token").asText());

        assertThat(second.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(second.path("scope").asText()).isEqualTo(SignInScenario.SCOPE);
        assertThat(List.of(first, second, third)).extracting(tokens -> tokens.path("refresh_token").asText())
                .doesNotContain("").doesNotHaveDuplicates();
        assertThat(List.of(first, second, third)).extracting(tokens -> tokens.path("access_token").asText())
                .doesNotContain("").doesNotHaveDuplicates();
        assertThat(List.of(first, second, third)).extracting(tokens -> tokens.path("id_token").asText())
                .doesNotContain("").doesNotHaveDuplicates();
        for (JsonNode tokens : List.of(second, third)) {
            JWTClaimsSet id = claims(tokens.path("id_token").asText());
            assertThat(id.getSubject()).isEqualTo(scenario.userId).isEqualTo(firstId.getSubject());
            assertThat(id.getLongClaim("auth_time")).isEqualTo(firstId.getLongClaim("auth_time"));
            assertThat(id.getClaims()).doesNotContainKey("nonce");
            assertThat(id.getAudience()).containsExactly(scenario.clientId);
            assertThat(userinfo(tokens.path("access_token").asText()).status()).isEqualTo(200);
        }
    }

    @Test
    void aRotatedTokenPresentedAgainRevokesTheWholeFamilyAndIsAnnounced() throws Exception {
        JsonNode first = scenario.signedIn(new UserAgent());
        String rotated = first.path("refresh_token").asText();
        JsonNode second = refreshed(scenario, rotated);
        JsonNode newest = refreshed(scenario, second.path("refresh_token").asText());
        String newestAccess = newest.path("access_token").asText();
        assertThat(userinfo(newestAccess).status()).isEqualTo(200);
        String family = oid.fixtures().refreshTokenFamily(rotated);
        assertThat(oid.fixtures().refreshTokenFamily(newest.path("refresh_token").asText())).isEqualTo(family);

        assertError(scenario.refresh(rotated), 400, "invalid_grant", INVALID_REFRESH);

        assertError(scenario.refresh(newest.path("refresh_token").asText()), 400, "invalid_grant", INVALID_REFRESH);
        Http.Response refused = userinfo(newestAccess);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).contains("error=\"invalid_token\""));
        JsonNode introspector = scenario.admin.createServiceClient(scenario.tenant);
        Http.Response introspected = Http.postForm(URI.create(issuer + "/introspect"), "token=" + newestAccess,
                "Authorization", Http.basic(introspector.path("client_id").asText(), introspector.path("client_secret").asText()));
        assertThat(introspected.status()).isEqualTo(200);
        assertThat(introspected.body()).isEqualTo("{\"active\":false}");

        ConsumerRecord<String, String> event = EventStream.await(scenario.tenantId, "oid.refresh_token.reuse_detected", family);
        JsonNode cloudEvent = JSON.readTree(event.value());
        assertThat(cloudEvent.path("source").asText()).isEqualTo(issuer);
        assertThat(cloudEvent.path("subject").asText()).isEqualTo(scenario.userId);
        JsonNode data = cloudEvent.path("data");
        assertThat(data.path("tenant_id").asText()).isEqualTo(scenario.tenantId);
        assertThat(data.path("user_id").asText()).isEqualTo(scenario.userId);
        assertThat(data.path("client_id").asText()).isEqualTo(scenario.clientId);
        assertThat(data.path("family_id").asText()).isEqualTo(family);
        for (JsonNode tokens : List.of(first, second, newest)) {
            assertThat(event.value()).doesNotContain(tokens.path("refresh_token").asText())
                    .doesNotContain(tokens.path("access_token").asText().split("\\.")[2]);
        }
    }

    @Test
    void aNarrowerScopeOnRefreshIsGrantedAndTheNextRefreshStillGetsTheWholeOriginalScope() throws Exception {
        JsonNode first = scenario.signedIn(new UserAgent());

        Http.Response narrowed = scenario.token(Map.of("grant_type", "refresh_token",
                "refresh_token", first.path("refresh_token").asText(), "scope", "openid"));
        assertThat(narrowed.status()).as(narrowed.body()).isEqualTo(200);
        assertThat(narrowed.json().path("scope").asText()).isEqualTo("openid");
        assertThat(claims(narrowed.json().path("access_token").asText()).getStringClaim("scope")).isEqualTo("openid");
        JWTClaimsSet narrowId = claims(narrowed.json().path("id_token").asText());
        assertThat(narrowId.getClaims()).doesNotContainKeys("name", "preferred_username", "email");
        assertThat(narrowed.json().path("refresh_token").asText()).isNotBlank();

        JsonNode full = refreshed(scenario, narrowed.json().path("refresh_token").asText());
        assertThat(full.path("scope").asText()).isEqualTo(SignInScenario.SCOPE);
        assertThat(claims(full.path("access_token").asText()).getStringClaim("scope")).isEqualTo(SignInScenario.SCOPE);
        // the profile scope is back: its claims are userinfo's (OIDC Core §5.4)
        Http.Response fullUserinfo = userinfo(full.path("access_token").asText());
        assertThat(fullUserinfo.status()).as(fullUserinfo.body()).isEqualTo(200);
        assertThat(fullUserinfo.json().path("preferred_username").asText()).isEqualTo(scenario.username);
    }

    @Test
    void aWiderScopeOnRefreshIsInvalidScopeAndTheTokenStillWorks() {
        JsonNode first = scenario.signedIn(new UserAgent());
        String refreshToken = first.path("refresh_token").asText();

        // docs:read is one of the client's scopes, but this sign-in did not ask for it
        assertError(scenario.token(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken,
                        "scope", "openid docs:read")), 400, "invalid_scope",
                "scope 'docs:read' was not granted to this refresh token");

        // refused before rotation: the same token still refreshes, without tripping reuse detection
        assertThat(refreshed(scenario, refreshToken).path("scope").asText()).isEqualTo(SignInScenario.SCOPE);
    }

    @Test
    void anotherClientPresentingTheTokenIsInvalidGrantAndTheFamilySurvives() {
        JsonNode first = scenario.signedIn(new UserAgent());
        String refreshToken = first.path("refresh_token").asText();
        Http.Response other = scenario.admin.post("admin/tenants/" + scenario.tenant + "/clients",
                "{\"name\":\"Other app\",\"type\":\"public\",\"redirect_uris\":[\"https://other.example/callback\"],"
                        + "\"grant_types\":[\"authorization_code\",\"refresh_token\"]}");
        assertThat(other.status()).as(other.body()).isEqualTo(201);
        String otherClient = other.json().path("client_id").asText();

        Http.Response stolen = Http.postForm(URI.create(issuer + "/token"), UserAgent.encode(Map.of(
                "grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", otherClient)));
        assertError(stolen, 400, "invalid_grant", INVALID_REFRESH);

        JsonNode next = refreshed(scenario, refreshToken);
        assertThat(next.path("refresh_token").asText()).isNotBlank();
        // and a rotated token presented by another client does not revoke the family either
        assertError(Http.postForm(URI.create(issuer + "/token"), UserAgent.encode(Map.of(
                "grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", otherClient))),
                400, "invalid_grant", INVALID_REFRESH);
        assertThat(refreshed(scenario, next.path("refresh_token").asText()).path("refresh_token").asText()).isNotBlank();
    }

    @Test
    void aClientRequiringOfflineAccessGetsARefreshTokenOnlyWhenOfflineAccessWasAskedFor() throws Exception {
        SignInScenario offlineOnly = SignInScenario.create(oid.root(), issuer, "https://app.example/callback",
                "public", ",\"require_offline_access\":true");

        JsonNode online = signedIn(offlineOnly, "openid profile email");
        assertThat(online.path("access_token").asText()).isNotBlank();
        assertThat(online.path("id_token").asText()).isNotBlank();
        assertThat(online.has("refresh_token")).as(online.toString()).isFalse();

        JsonNode offline = signedIn(offlineOnly, "openid profile offline_access");
        assertThat(offline.path("refresh_token").asText()).isNotBlank();
        assertThat(refreshed(offlineOnly, offline.path("refresh_token").asText()).path("refresh_token").asText()).isNotBlank();
    }

    @Test
    void aClientWithoutTheRefreshTokenGrantGetsNone() {
        Http.Response patched = scenario.admin.patch("admin/tenants/" + scenario.tenant + "/clients/" + scenario.clientId,
                "{\"grant_types\":[\"authorization_code\"]}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);

        JsonNode tokens = signedIn(scenario, "openid profile email");

        assertThat(tokens.path("access_token").asText()).isNotBlank();
        assertThat(tokens.has("refresh_token")).as(tokens.toString()).isFalse();
    }

    @Test
    void eachRefreshReadsTheUsersRolesAndProfileAgain() throws Exception {
        // the name in the ID token, where only the claims parameter puts it
        JsonNode first = signedIn(scenario, SignInScenario.SCOPE, Map.of("claims", "{\"id_token\":{\"name\":null}}"));
        assertThat(claims(first.path("access_token").asText()).getStringListClaim("roles")).containsExactly("editor");
        String users = "admin/tenants/" + scenario.tenant + "/users/" + scenario.userId;
        for (String role : List.of("auditor", "viewer")) {
            assertThat(scenario.admin.post("admin/tenants/" + scenario.tenant + "/roles", "{\"name\":\"" + role + "\"}").status()).isEqualTo(201);
        }
        // assigned out of order: the claim lists them sorted
        assertThat(scenario.admin.put(users + "/roles/viewer").status()).isEqualTo(204);
        assertThat(scenario.admin.put(users + "/roles/auditor").status()).isEqualTo(204);
        assertThat(scenario.admin.patch(users, "{\"name\":\"Renamed Person\"}").status()).isEqualTo(200);

        JsonNode second = refreshed(scenario, first.path("refresh_token").asText());
        assertThat(claims(second.path("access_token").asText()).getStringListClaim("roles")).containsExactly("auditor", "editor", "viewer");
        assertThat(claims(second.path("id_token").asText()).getStringClaim("name")).isEqualTo("Renamed Person");

        assertThat(scenario.admin.delete(users + "/roles/editor").status()).isEqualTo(204);
        assertThat(scenario.admin.delete(users + "/roles/auditor").status()).isEqualTo(204);
        assertThat(scenario.admin.delete(users + "/roles/viewer").status()).isEqualTo(204);
        JsonNode third = refreshed(scenario, second.path("refresh_token").asText());
        assertThat(claims(third.path("access_token").asText()).getStringListClaim("roles")).isEmpty();
        assertThat(claims(third.path("id_token").asText()).getSubject()).isEqualTo(scenario.userId);
    }

    @Test
    void aDisabledUsersRefreshIsInvalidGrantAndLeavesTheTokenAsItWas() throws Exception {
        JsonNode first = scenario.signedIn(new UserAgent());
        String user = "admin/tenants/" + scenario.tenant + "/users/" + scenario.userId;
        Http.Response disabled = scenario.admin.patch(user, "{\"enabled\":false}");
        assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);

        assertError(scenario.refresh(first.path("refresh_token").asText()), 400, "invalid_grant", "the user can no longer sign in");

        // the refusal neither rotated nor revoked the token: enabled again, the user's client carries on with it
        assertThat(scenario.admin.patch(user, "{\"enabled\":true}").status()).isEqualTo(200);
        JsonNode again = refreshed(scenario, first.path("refresh_token").asText());
        assertThat(claims(again.path("access_token").asText()).getSubject()).isEqualTo(scenario.userId);
    }

    @Test
    void oneTokenPresentedManyTimesAtOnceIsRotatedOnceAndItsFamilyRevoked() throws Exception {
        // a few rounds: the race it guards against (a use whose clock was read before another use's
        // rotation was stamped) shows only now and then
        for (int round = 0; round < 3; round++) {
            String token = scenario.signedIn(new UserAgent()).path("refresh_token").asText();
            List<Http.Response> rotated = new ArrayList<>();
            for (Http.Response response : Simultaneous.send(6, () -> scenario.refresh(token))) {
                if (response.status() == 200) {
                    rotated.add(response);
                } else {
                    assertError(response, 400, "invalid_grant", INVALID_REFRESH);
                }
            }
            // the row lock makes the uses take turns: the first rotates, every later one is a reuse
            assertThat(rotated).hasSize(1);
            assertError(scenario.refresh(rotated.get(0).json().path("refresh_token").asText()), 400, "invalid_grant",
                    INVALID_REFRESH);
        }
    }
}
