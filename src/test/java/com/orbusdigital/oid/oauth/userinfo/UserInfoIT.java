package com.orbusdigital.oid.oauth.userinfo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.orbusdigital.oid.testing.AdminClient;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.UserAgent;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OIDC Core §5.3 with RFC 6750 bearer tokens: userinfo describes the signed-in user, as far as the
 * token's scopes allow, to whoever holds a current user access token granted openid.
 */
@OidIT
class UserInfoIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunningOid oid;

    private URI userinfo;
    private SignInScenario scenario;

    @BeforeEach
    void setUp() throws Exception {
        String issuer = oid.issuer();
        userinfo = URI.create(issuer + "/userinfo");
        scenario = SignInScenario.create(oid.root(), issuer, "https://app.example/callback", "public", "");
    }

    /** The token response of a whole sign-in asking for {@code scope}, in a fresh browser. */
    private JsonNode signedIn(String scope) {
        SignInScenario.Pkce pkce = SignInScenario.Pkce.create();
        Map<String, String> request = scenario.authorizationRequest(pkce);
        request.put("scope", scope);
        Http.Response tokens = scenario.exchange(scenario.code(scenario.signIn(new UserAgent(), request, SignInScenario.PASSWORD), request), pkce);
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        return tokens.json();
    }

    private Http.Response get(String accessToken) {
        return Http.get(userinfo, "Authorization", "Bearer " + accessToken);
    }

    private static void assertClaims(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.header("Cache-Control")).contains("no-store");
    }

    /** RFC 6750 §3: the status, the challenge naming the error, and the error JSON. */
    private static void assertRefused(Http.Response response, int status, String challenge, String error, String description) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("WWW-Authenticate")).contains(challenge);
        assertThat(response.header("Cache-Control")).contains("no-store");
        assertThat(response.json()).isEqualTo(JSON.createObjectNode().put("error", error).put("error_description", description));
    }

    @Test
    void aBearerTokenInTheHeaderGetsTheUsersProfileAndEmailWithTheIdTokensSub() throws Exception {
        JsonNode tokens = scenario.signedIn(new UserAgent());
        JWTClaimsSet idToken = SignedJWT.parse(tokens.path("id_token").asText()).getJWTClaimsSet();

        Http.Response response = get(tokens.path("access_token").asText());

        assertClaims(response);
        JsonNode claims = response.json();
        assertThat(claims.path("sub").asText()).isEqualTo(idToken.getSubject()).isEqualTo(scenario.userId);
        assertThat(claims.path("name").asText()).isEqualTo("Ada Lovelace");
        assertThat(claims.path("preferred_username").asText()).isEqualTo(scenario.username);
        assertThat(claims.path("updated_at").isIntegralNumber()).as(claims.toString()).isTrue();
        assertThat(claims.path("updated_at").asLong()).isPositive();
        // OIDC Core §5.4: with an access token issued, the scope claims are userinfo's, not the ID token's
        assertThat(idToken.getClaims()).doesNotContainKeys("name", "preferred_username", "updated_at", "email", "email_verified",
                "tenant_id");
        assertThat(claims.path("email").asText()).isEqualTo(scenario.username + "@example.com");
        assertThat(claims.path("email_verified").isBoolean()).as(claims.toString()).isTrue();
        assertThat(claims.path("email_verified").asBoolean()).isFalse();
        assertThat(claims.fieldNames()).toIterable().containsExactlyInAnyOrder(
                "sub", "name", "preferred_username", "updated_at", "email", "email_verified");
    }

    @Test
    void aPostWithTheTokenInTheFormOrOnlyInTheHeaderIsAnsweredLikeGet() {
        String accessToken = scenario.signedIn(new UserAgent()).path("access_token").asText();
        JsonNode expected = get(accessToken).json();

        Http.Response inForm = Http.postForm(userinfo, "access_token=" + accessToken);
        assertClaims(inForm);
        assertThat(inForm.json()).isEqualTo(expected);

        Http.Response inHeader = Http.post(userinfo, "", "Authorization", "Bearer " + accessToken);
        assertClaims(inHeader);
        assertThat(inHeader.json()).isEqualTo(expected);
    }

    @Test
    void aTokenInBothTheHeaderAndTheBodyIsInvalidRequest() {
        String accessToken = scenario.signedIn(new UserAgent()).path("access_token").asText();

        assertRefused(Http.postForm(userinfo, "access_token=" + accessToken, "Authorization", "Bearer " + accessToken),
                400, "Bearer realm=\"oid\", error=\"invalid_request\"", "invalid_request",
                "send the access token in the header or the body, not both");
    }

    @Test
    void noTokenGetsABareBearerChallenge() {
        String accessToken = scenario.signedIn(new UserAgent()).path("access_token").asText();

        // RFC 6750 §3.1: without any credentials the challenge carries no error code
        assertRefused(Http.get(userinfo), 401, "Bearer realm=\"oid\"", "invalid_token",
                "an access token is required (Authorization: Bearer …)");
        assertRefused(Http.post(userinfo, ""), 401, "Bearer realm=\"oid\"", "invalid_token",
                "an access token is required");
        // RFC 6750 §2.3 is not offered: a token in the query string is no token
        assertRefused(Http.get(URI.create(userinfo + "?access_token=" + accessToken)), 401,
                "Bearer realm=\"oid\"", "invalid_token",
                "an access token is required (Authorization: Bearer …)");
    }

    @Test
    void aGarbageTokenIsInvalidToken() {
        assertRefused(get("not-a-token"), 401, "Bearer realm=\"oid\", error=\"invalid_token\"", "invalid_token",
                "the access token is invalid, expired or revoked");
        assertRefused(get("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."), 401, "Bearer realm=\"oid\", error=\"invalid_token\"",
                "invalid_token", "the access token is invalid, expired or revoked");
    }

    @Test
    void aMachineToMachineTokenHasNoUserAndIsInvalidToken() throws Exception {
        JsonNode service = scenario.admin.createServiceClient(scenario.tenant);
        String token = AdminClient.clientCredentialsToken(oid.root(), service.path("client_id").asText(),
                service.path("client_secret").asText());

        assertRefused(get(token), 401, "Bearer realm=\"oid\", error=\"invalid_token\"", "invalid_token",
                "userinfo needs an access token issued to a user");
    }

    @Test
    void aUserTokenWithoutOpenidIsInsufficientScope() {
        JsonNode tokens = signedIn("profile");
        assertThat(tokens.has("id_token")).as(tokens.toString()).isFalse();

        assertRefused(get(tokens.path("access_token").asText()), 403,
                "Bearer realm=\"oid\", error=\"insufficient_scope\", scope=\"openid\"", "insufficient_scope",
                "userinfo needs a token granted the openid scope");
    }

    @Test
    void openidAloneRevealsOnlyTheSubject() {
        JsonNode tokens = signedIn("openid");

        Http.Response response = get(tokens.path("access_token").asText());

        assertClaims(response);
        // the tenant only when asked for through the claims parameter (ClaimsIT)
        assertThat(response.json()).isEqualTo(JSON.createObjectNode().put("sub", scenario.userId));
    }

    @Test
    void aUserDisabledAfterSigningInIsInvalidToken() {
        String accessToken = scenario.signedIn(new UserAgent()).path("access_token").asText();
        assertThat(get(accessToken).status()).isEqualTo(200);

        Http.Response disabled = scenario.admin.patch("admin/tenants/" + scenario.tenant + "/users/" + scenario.userId, "{\"enabled\":false}");
        assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);

        assertRefused(get(accessToken), 401, "Bearer realm=\"oid\", error=\"invalid_token\"", "invalid_token",
                "the token's user no longer exists or is disabled");
    }
}
