package com.orbusdigital.oid.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.UserAgent;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OIDC Core §5.4 and §5.5: the ID token carries what it must and what the {@code claims} request
 * parameter asks for; the claims of the profile and email scopes come from userinfo, and so does
 * whatever {@code claims.userinfo} asks for; {@code tenant_id} only when asked for. The request
 * passes through the login form, the code and every refresh of the family.
 */
@OidIT
class ClaimsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REDIRECT_URI = "https://app.example/callback";
    /** What every ID token of the code flow carries (OIDC Core §2, §3.1.3.6; sid for logout hints). */
    /** Every ID token's own claims; acr and amr since issue 16 (how the user signed in). */
    private static final Set<String> REQUIRED = Set.of("iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "at_hash", "azp", "sid",
            "acr", "amr");

    private RunningOid oid;

    private SignInScenario scenario;

    @BeforeEach
    void setUp() throws Exception {
        scenario = SignInScenario.create(oid.root(), oid.issuer(), REDIRECT_URI, "public", "");
    }

    /** The token response of a sign-in through the login form asking for {@code scope} and, unless null, {@code claims}. */
    private JsonNode signedIn(String scope, String claims) {
        return signedIn(new UserAgent(), scope, claims);
    }

    private JsonNode signedIn(UserAgent browser, String scope, String claims) {
        SignInScenario.Pkce pkce = SignInScenario.Pkce.create();
        Map<String, String> request = scenario.authorizationRequest(pkce);
        request.put("scope", scope);
        if (claims != null) {
            request.put("claims", claims);
        }
        Http.Response tokens = scenario.exchange(scenario.code(scenario.signIn(browser, request, SignInScenario.PASSWORD), request), pkce);
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        return tokens.json();
    }

    private static JWTClaimsSet claims(String jwt) throws Exception {
        return SignedJWT.parse(jwt).getJWTClaimsSet();
    }

    private JsonNode userinfo(JsonNode tokens) {
        Http.Response response = Http.get(URI.create(scenario.issuer + "/userinfo"), "Authorization",
                "Bearer " + tokens.path("access_token").asText());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static Set<String> plus(Set<String> claims, String... more) {
        Set<String> all = new HashSet<>(claims);
        all.addAll(List.of(more));
        return all;
    }

    @Test
    void theIdTokenCarriesOnlyWhatItMustAndUserinfoTheClaimsOfTheScopes() throws Exception {
        JsonNode tokens = signedIn(SignInScenario.SCOPE, null);

        JWTClaimsSet idToken = claims(tokens.path("id_token").asText());
        assertThat(idToken.getClaims().keySet()).containsExactlyInAnyOrderElementsOf(REQUIRED);
        JsonNode userinfo = userinfo(tokens);
        ObjectNode expected = JSON.createObjectNode().put("sub", scenario.userId).put("name", "Ada Lovelace")
                .put("preferred_username", scenario.username);
        expected.set("updated_at", userinfo.path("updated_at"));
        expected.put("email", scenario.username + "@example.com").put("email_verified", false);
        assertThat(userinfo).isEqualTo(expected);
        assertThat(userinfo.path("updated_at").asLong()).isPositive();
        // downstream services still find the tenant in the access token
        assertThat(claims(tokens.path("access_token").asText()).getStringClaim("tenant_id")).isEqualTo(scenario.tenantId);
    }

    @Test
    void claimsRequestedForTheIdTokenAreInItEssentialOrVoluntaryAndUnknownOnesAreIgnored() throws Exception {
        JsonNode tokens = signedIn("openid", "{\"id_token\":{\"email\":{\"essential\":true},\"name\":null,\"tenant_id\":null,"
                + "\"shoe_size\":{\"essential\":true}},\"acr_values_hint\":[\"ignored\"]}");

        JWTClaimsSet idToken = claims(tokens.path("id_token").asText());
        assertThat(idToken.getClaims().keySet()).containsExactlyInAnyOrderElementsOf(plus(REQUIRED, "email", "name", "tenant_id"));
        assertThat(idToken.getStringClaim("email")).isEqualTo(scenario.username + "@example.com");
        assertThat(idToken.getStringClaim("name")).isEqualTo("Ada Lovelace");
        assertThat(idToken.getStringClaim("tenant_id")).isEqualTo(scenario.tenantId);
        // asked for in the ID token only, and openid alone has no claims of its own for userinfo
        assertThat(userinfo(tokens)).isEqualTo(JSON.createObjectNode().put("sub", scenario.userId));
    }

    @Test
    void anEssentialNameForUserinfoWithOpenidAloneIsReturnedThereAndNotInTheIdToken() throws Exception {
        JsonNode tokens = signedIn("openid", "{\"userinfo\":{\"name\":{\"essential\":true},\"tenant_id\":null,\"email_verified\":null}}");

        assertThat(userinfo(tokens)).isEqualTo(JSON.createObjectNode().put("sub", scenario.userId).put("name", "Ada Lovelace")
                .put("tenant_id", scenario.tenantId).put("email_verified", false));
        assertThat(claims(tokens.path("id_token").asText()).getClaims().keySet()).containsExactlyInAnyOrderElementsOf(REQUIRED);
    }

    @Test
    void aClaimRequestedWithValuesIsReturnedOnlyWhenTheUsersValueIsAmongThem() throws Exception {
        JsonNode tokens = signedIn("openid", "{\"userinfo\":{\"name\":{\"value\":\"Ada Lovelace\"},"
                + "\"email\":{\"essential\":true,\"value\":\"someone-else@example.com\"},"
                + "\"preferred_username\":{\"values\":[\"nobody\",\"" + scenario.username + "\"]},"
                + "\"email_verified\":{\"value\":true}},"
                + "\"id_token\":{\"name\":{\"values\":[\"Charles Babbage\"]},\"email_verified\":{\"value\":false}}}");

        // an unmet essential claim is no error (OIDC Core §5.5.1): it is just not there
        assertThat(userinfo(tokens)).isEqualTo(JSON.createObjectNode().put("sub", scenario.userId).put("name", "Ada Lovelace")
                .put("preferred_username", scenario.username));
        JWTClaimsSet idToken = claims(tokens.path("id_token").asText());
        assertThat(idToken.getClaims().keySet()).containsExactlyInAnyOrderElementsOf(plus(REQUIRED, "email_verified"));
        assertThat(idToken.getBooleanClaim("email_verified")).isFalse();
    }

    @Test
    void theRequestedClaimsSurviveEveryRefreshOfTheFamily() throws Exception {
        JsonNode first = signedIn("openid offline_access", "{\"id_token\":{\"preferred_username\":{\"essential\":true}},"
                + "\"userinfo\":{\"tenant_id\":{\"essential\":true}}}");
        assertThat(claims(first.path("id_token").asText()).getStringClaim("preferred_username")).isEqualTo(scenario.username);

        JsonNode previous = first;
        for (int refresh = 0; refresh < 2; refresh++) {
            Http.Response response = scenario.refresh(previous.path("refresh_token").asText());
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            JsonNode refreshed = response.json();
            JWTClaimsSet idToken = claims(refreshed.path("id_token").asText());
            // OIDC Core §12.2: a refreshed ID token has no nonce
            assertThat(idToken.getClaims().keySet()).containsExactlyInAnyOrderElementsOf(
                    plus(REQUIRED, "preferred_username").stream().filter(claim -> !claim.equals("nonce")).toList());
            assertThat(idToken.getStringClaim("preferred_username")).isEqualTo(scenario.username);
            assertThat(userinfo(refreshed)).isEqualTo(JSON.createObjectNode().put("sub", scenario.userId).put("tenant_id", scenario.tenantId));
            previous = refreshed;
        }
    }

    @Test
    void anIdTokenSubRequestedWithAValueIsAnsweredOnlyForThatUser() {
        UserAgent browser = new UserAgent();
        signedIn(browser, SignInScenario.SCOPE, null);
        Map<String, String> request = scenario.authorizationRequest(SignInScenario.Pkce.create());
        request.put("prompt", "none");

        // OIDC Core §5.5.1: never tokens for the signed-in user when the request names someone else
        request.put("claims", "{\"id_token\":{\"sub\":{\"value\":\"" + UUID.randomUUID() + "\"}}}");
        Map<String, String> refused = UserAgent.redirectParameters(browser.get(scenario.authorizeUri(request)));
        assertThat(refused).containsEntry("error", "login_required").containsEntry("state", request.get("state"))
                .doesNotContainKey("code");

        request.put("claims", "{\"id_token\":{\"sub\":{\"value\":\"" + scenario.userId + "\",\"essential\":true}}}");
        assertThat(UserAgent.redirectParameters(browser.get(scenario.authorizeUri(request)))).containsKey("code").doesNotContainKey("error");
    }

    @Test
    void aMalformedClaimsParameterIsInvalidRequestRedirectedToTheClient() {
        List<String> malformed = List.of(
                "not json",
                "[]",
                "\"userinfo\"",
                "{\"userinfo\":{}} {}",
                "{\"userinfo\":{},\"userinfo\":{}}",
                "{\"id_token\":[\"name\"]}",
                "{\"userinfo\":{\"name\":true}}",
                "{\"userinfo\":{\"name\":{\"essential\":\"yes\"}}}",
                "{\"userinfo\":{\"name\":{\"values\":\"Ada\"}}}",
                "{\"userinfo\":{\"name\":{\"value\":{\"first\":\"Ada\"}}}}",
                "{\"id_token\":{\"name\":{\"values\":[\"" + "x".repeat(5000) + "\"]}}}");
        for (String claims : malformed) {
            Map<String, String> request = scenario.authorizationRequest(SignInScenario.Pkce.create());
            request.put("claims", claims);

            Http.Response response = new UserAgent().get(scenario.authorizeUri(request));

            assertThat(response.status()).as(claims + ": " + response.body()).isEqualTo(302);
            assertThat(response.header("Location")).hasValueSatisfying(location -> assertThat(location).startsWith(REDIRECT_URI + "?"));
            Map<String, String> answer = UserAgent.redirectParameters(response);
            assertThat(answer).as(claims).containsEntry("error", "invalid_request").containsEntry("state", request.get("state"))
                    .containsEntry("iss", scenario.issuer).doesNotContainKey("code");
            assertThat(answer.get("error_description")).as(claims).startsWith("claims");
        }
    }
}
