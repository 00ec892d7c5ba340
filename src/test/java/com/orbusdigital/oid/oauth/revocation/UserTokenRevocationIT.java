package com.orbusdigital.oid.oauth.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.orbusdigital.oid.testing.EventStream;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.UserAgent;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 7009 and RFC 7662 for the tokens of a signed-in user: a refresh token introspects while it
 * is the current one of its family, revoking it ends the whole grant with its access tokens, and a
 * client of another tenant learns and changes nothing.
 */
@OidIT
class UserTokenRevocationIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INACTIVE = "{\"active\":false}";

    private RunningOid oid;

    private String issuer;
    private URI revoke;
    private URI introspect;
    private SignInScenario scenario;
    /** A confidential client of the scenario's tenant, to introspect with, and its Basic header. */
    private JsonNode introspectorClient;
    private String introspector;

    @BeforeEach
    void setUp() throws Exception {
        issuer = oid.issuer();
        revoke = URI.create(issuer + "/revoke");
        introspect = URI.create(issuer + "/introspect");
        scenario = SignInScenario.create(oid.root(), issuer, "https://app.example/callback", "public", "");
        introspectorClient = scenario.admin.createServiceClient(scenario.tenant);
        introspector = basic(introspectorClient);
    }

    private static String basic(JsonNode client) {
        return Http.basic(client.path("client_id").asText(), client.path("client_secret").asText());
    }

    private Http.Response introspect(String basic, String token) {
        Http.Response response = Http.postForm(introspect, "token=" + token, "Authorization", basic);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("Cache-Control")).contains("no-store");
        return response;
    }

    /** A public client revokes by naming itself. */
    private Http.Response revokeAsPublicClient(String token, String clientId) {
        return Http.postForm(revoke, UserAgent.encode(Map.of("token", token, "client_id", clientId)));
    }

    private static void assertRevocationAnswer(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(response.header("Cache-Control")).contains("no-store");
    }

    private static void assertError(Http.Response response, int status, String error, String description) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Cache-Control")).contains("no-store");
        assertThat(response.json()).isEqualTo(JSON.createObjectNode().put("error", error).put("error_description", description));
    }

    private static void assertRefreshRefused(SignInScenario scenario, String refreshToken) {
        assertError(scenario.refresh(refreshToken), 400, "invalid_grant", "the refresh token is invalid, expired or revoked");
    }

    private Http.Response userinfo(String accessToken) {
        return Http.get(URI.create(issuer + "/userinfo"), "Authorization", "Bearer " + accessToken);
    }

    private void assertUserinfoRefuses(String accessToken) {
        Http.Response response = userinfo(accessToken);
        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.json().path("error").asText()).isEqualTo("invalid_token");
    }

    @Test
    void aRefreshTokenIntrospectsActiveWithItsGrant() {
        JsonNode tokens = scenario.signedIn(new UserAgent());
        long before = Instant.now().getEpochSecond();

        JsonNode answer = introspect(introspector, tokens.path("refresh_token").asText()).json();

        assertThat(answer.fieldNames()).toIterable().containsExactlyInAnyOrder(
                "active", "scope", "client_id", "sub", "iss", "exp", "iat", "token_type", "tenant_id");
        assertThat(answer.path("active").asBoolean()).isTrue();
        assertThat(answer.path("scope").asText()).isEqualTo(SignInScenario.SCOPE);
        assertThat(answer.path("client_id").asText()).isEqualTo(scenario.clientId);
        assertThat(answer.path("sub").asText()).isEqualTo(scenario.userId);
        assertThat(answer.path("iss").asText()).isEqualTo(issuer);
        assertThat(answer.path("token_type").asText()).isEqualTo("refresh_token");
        assertThat(answer.path("tenant_id").asText()).isEqualTo(scenario.tenantId);
        // issued just now; expires within OID_REFRESH_TOKEN_IDLE_SECS (default 14 days)
        assertThat(answer.path("iat").asLong()).isBetween(before - 120, before + 5);
        assertThat(answer.path("exp").asLong()).isGreaterThan(answer.path("iat").asLong())
                .isLessThanOrEqualTo(answer.path("iat").asLong() + 1_209_600);
    }

    @Test
    void aRotatedRefreshTokenIntrospectsInactiveAndItsSuccessorActive() {
        JsonNode tokens = scenario.signedIn(new UserAgent());
        Http.Response refreshed = scenario.refresh(tokens.path("refresh_token").asText());
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);

        assertThat(introspect(introspector, tokens.path("refresh_token").asText()).body()).isEqualTo(INACTIVE);
        assertThat(introspect(introspector, refreshed.json().path("refresh_token").asText()).json().path("active").asBoolean()).isTrue();
    }

    @Test
    void aPublicClientRevokesItsRefreshTokenByClientIdAndTheGrantEndsAndIsAnnounced() throws Exception {
        JsonNode tokens = scenario.signedIn(new UserAgent());
        String refreshToken = tokens.path("refresh_token").asText();
        String accessToken = tokens.path("access_token").asText();
        String family = oid.fixtures().refreshTokenFamily(refreshToken);
        assertThat(userinfo(accessToken).status()).isEqualTo(200);

        assertRevocationAnswer(revokeAsPublicClient(refreshToken, scenario.clientId));

        assertRefreshRefused(scenario, refreshToken);
        assertUserinfoRefuses(accessToken);
        assertThat(introspect(introspector, refreshToken).body()).isEqualTo(INACTIVE);
        assertThat(introspect(introspector, accessToken).body()).isEqualTo(INACTIVE);
        // revoking again is the same answer (RFC 7009 §2.2)
        assertRevocationAnswer(revokeAsPublicClient(refreshToken, scenario.clientId));

        ConsumerRecord<String, String> event = EventStream.await(scenario.tenantId, "oid.refresh_token.revoked", family);
        JsonNode cloudEvent = JSON.readTree(event.value());
        assertThat(cloudEvent.path("source").asText()).isEqualTo(issuer);
        assertThat(cloudEvent.path("subject").asText()).isEqualTo(scenario.userId);
        JsonNode data = cloudEvent.path("data");
        assertThat(data.path("tenant_id").asText()).isEqualTo(scenario.tenantId);
        assertThat(data.path("user_id").asText()).isEqualTo(scenario.userId);
        assertThat(data.path("client_id").asText()).isEqualTo(scenario.clientId);
        assertThat(data.path("family_id").asText()).isEqualTo(family);
        assertThat(event.value()).doesNotContain(refreshToken).doesNotContain(accessToken.split("\\.")[2]);
    }

    @Test
    void aConfidentialClientRevokesItsRefreshTokenWithBasicAndEveryTokenOfTheGrantEnds() throws Exception {
        SignInScenario confidential = SignInScenario.create(oid.root(), issuer, "https://app.example/callback",
                "confidential", "");
        JsonNode first = confidential.signedIn(new UserAgent());
        Http.Response second = confidential.refresh(first.path("refresh_token").asText());
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        String refreshToken = second.json().path("refresh_token").asText();
        String accessToken = second.json().path("access_token").asText();

        assertRevocationAnswer(Http.postForm(revoke, "token=" + refreshToken + "&token_type_hint=refresh_token",
                "Authorization", Http.basic(confidential.clientId, confidential.clientSecret)));

        assertRefreshRefused(confidential, refreshToken);
        assertUserinfoRefuses(accessToken);
        // the access token issued before the rotation belongs to the same grant
        assertUserinfoRefuses(first.path("access_token").asText());
    }

    @Test
    void aRevokedAccessTokenIsRefusedByUserinfo() {
        JsonNode tokens = scenario.signedIn(new UserAgent());
        String accessToken = tokens.path("access_token").asText();
        assertThat(userinfo(accessToken).status()).isEqualTo(200);

        assertRevocationAnswer(revokeAsPublicClient(accessToken, scenario.clientId));

        assertUserinfoRefuses(accessToken);
        assertThat(introspect(introspector, accessToken).body()).isEqualTo(INACTIVE);
    }

    @Test
    void anotherTenantsClientLearnsNothingAndRevokesNothing() {
        JsonNode tokens = scenario.signedIn(new UserAgent());
        String refreshToken = tokens.path("refresh_token").asText();
        String accessToken = tokens.path("access_token").asText();
        String otherTenant = scenario.admin.createTenant("other");
        String stranger = basic(scenario.admin.createServiceClient(otherTenant));

        assertThat(introspect(stranger, refreshToken).body()).isEqualTo(INACTIVE);
        assertThat(introspect(stranger, accessToken).body()).isEqualTo(INACTIVE);
        assertRevocationAnswer(Http.postForm(revoke, "token=" + refreshToken, "Authorization", stranger));
        assertRevocationAnswer(Http.postForm(revoke, "token=" + accessToken, "Authorization", stranger));

        assertThat(introspect(introspector, refreshToken).json().path("active").asBoolean()).isTrue();
        assertThat(introspect(introspector, accessToken).json().path("active").asBoolean()).isTrue();
        assertThat(userinfo(accessToken).status()).isEqualTo(200);
        Http.Response refreshed = scenario.refresh(refreshToken);
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
    }

    @Test
    void anotherClientOfTheSameTenantRevokesNothing() {
        JsonNode tokens = scenario.signedIn(new UserAgent());
        Http.Response sibling = scenario.admin.post("admin/tenants/" + scenario.tenant + "/clients",
                "{\"name\":\"Sibling app\",\"type\":\"public\",\"redirect_uris\":[\"https://sibling.example/callback\"],"
                        + "\"grant_types\":[\"authorization_code\",\"refresh_token\"]}");
        assertThat(sibling.status()).as(sibling.body()).isEqualTo(201);
        String siblingId = sibling.json().path("client_id").asText();

        assertRevocationAnswer(revokeAsPublicClient(tokens.path("refresh_token").asText(), siblingId));
        assertRevocationAnswer(revokeAsPublicClient(tokens.path("access_token").asText(), siblingId));

        assertThat(userinfo(tokens.path("access_token").asText()).status()).isEqualTo(200);
        Http.Response refreshed = scenario.refresh(tokens.path("refresh_token").asText());
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
    }

    @Test
    void introspectionWithoutClientAuthenticationIsInvalidClient() {
        String refreshToken = scenario.signedIn(new UserAgent()).path("refresh_token").asText();

        assertError(Http.postForm(introspect, "token=" + refreshToken), 401, "invalid_client",
                "client authentication with a client secret is required");
        // a public client proves nothing by naming itself
        assertError(Http.postForm(introspect, "token=" + refreshToken + "&client_id=" + scenario.clientId), 401, "invalid_client",
                "client authentication with a client secret is required");
        Http.Response wrongSecret = Http.postForm(introspect, "token=" + refreshToken,
                "Authorization", Http.basic(introspectorClient.path("client_id").asText(), "wrong"));
        assertError(wrongSecret, 401, "invalid_client", "client authentication failed");
        assertThat(wrongSecret.header("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).startsWith("Basic"));

        assertThat(introspect(introspector, refreshToken).json().path("active").asBoolean()).isTrue();
    }
}
