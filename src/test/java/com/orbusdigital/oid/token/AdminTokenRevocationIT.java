package com.orbusdigital.oid.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.orbusdigital.oid.testing.AdminClient;
import com.orbusdigital.oid.testing.EventStream;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.UserAgent;
import java.net.URI;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An oid-admin ends tokens it did not issue and whose client may be gone: one by its jti, every
 * access and refresh token of a client, every token and sign-in session of a user. Nobody else may.
 */
@OidIT
class AdminTokenRevocationIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INACTIVE = "{\"active\":false}";
    private static final String PLATFORM_WIDE = new UUID(0, 0).toString();

    private RunningOid oid;

    private URI base;
    private String issuer;
    private AdminClient platform;

    @BeforeEach
    void ready() throws Exception {
        base = oid.root();
        issuer = oid.issuer();
        platform = oid.platformAdmin();
    }

    private static String jti(String accessToken) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1])).path("jti").asText();
    }

    private Http.Response introspect(String token, String basic) {
        return Http.postForm(base.resolve("introspect"), "token=" + token, "Authorization", basic);
    }

    private void assertActive(String token, String basic) {
        Http.Response answer = introspect(token, basic);
        assertThat(answer.json().path("active").asBoolean()).as(answer.body()).isTrue();
    }

    private void assertInactive(String token, String basic) {
        Http.Response answer = introspect(token, basic);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(INACTIVE);
    }

    private static void assertInvalidGrant(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().path("error").asText()).isEqualTo("invalid_grant");
    }

    private static void assertProblem(Http.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
    }

    /** Waits for the next second: a token issued in the second of a revocation is refused with it. */
    private static void nextSecond() throws InterruptedException {
        Thread.sleep(1_000 - Instant.now().toEpochMilli() % 1_000 + 50);
    }

    private SignInScenario confidentialScenario() {
        return SignInScenario.create(base, issuer, "https://app.example/callback", "confidential", "");
    }

    @Test
    void anOidAdminRevokesOneAccessTokenByItsJti() throws Exception {
        String tenant = platform.createTenant("rvj");
        JsonNode service = platform.createServiceClient(tenant);
        JsonNode resourceServer = platform.createServiceClient(tenant);
        String basic = Http.basic(resourceServer.path("client_id").asText(), resourceServer.path("client_secret").asText());
        String serviceId = service.path("client_id").asText();
        String revoked = AdminClient.clientCredentialsToken(base, serviceId, service.path("client_secret").asText());
        String kept = AdminClient.clientCredentialsToken(base, serviceId, service.path("client_secret").asText());
        assertActive(revoked, basic);

        Http.Response answer = platform.delete("admin/tokens/" + jti(revoked));

        assertThat(answer.status()).as(answer.body()).isEqualTo(204);
        assertThat(answer.body()).isEmpty();
        assertInactive(revoked, basic);
        assertActive(kept, basic);
        assertThat(platform.delete("admin/tokens/" + jti(revoked)).status()).as("again: nothing changes").isEqualTo(204);
        ConsumerRecord<String, String> event = EventStream.await(PLATFORM_WIDE, "oid.token.revoked", jti(revoked));
        JsonNode data = JSON.readTree(event.value()).path("data");
        assertThat(data.path("jti").asText()).isEqualTo(jti(revoked));
        assertThat(event.value()).doesNotContain(revoked.substring(revoked.lastIndexOf('.') + 1));
    }

    @Test
    void anOidAdminRevokesEveryTokenOfAClient() throws Exception {
        SignInScenario scenario = confidentialScenario();
        JsonNode tokens = scenario.signedIn(new UserAgent());
        String basic = Http.basic(scenario.clientId, scenario.clientSecret);
        String access = tokens.path("access_token").asText();
        assertActive(access, basic);

        Http.Response answer = platform.post("admin/tenants/" + scenario.tenant + "/clients/" + scenario.clientId + "/tokens/revoke", null);

        assertThat(answer.status()).as(answer.body()).isEqualTo(204);
        assertInactive(access, basic);
        assertInvalidGrant(scenario.refresh(tokens.path("refresh_token").asText()));
        ConsumerRecord<String, String> event = EventStream.await(scenario.tenantId, "oid.client.tokens_revoked", scenario.clientId);
        JsonNode data = JSON.readTree(event.value()).path("data");
        assertThat(data.path("tenant_id").asText()).isEqualTo(scenario.tenantId);
        assertThat(data.path("client_id").asText()).isEqualTo(scenario.clientId);
        assertThat(data.path("refresh_tokens_revoked").asInt()).isEqualTo(1);
        assertThat(data.has("revoked_before")).isTrue();
        // what is issued afterwards works
        nextSecond();
        JsonNode after = scenario.signedIn(new UserAgent());
        assertActive(after.path("access_token").asText(), basic);
        assertThat(scenario.refresh(after.path("refresh_token").asText()).status()).isEqualTo(200);
    }

    @Test
    void anOidAdminRevokesEveryTokenAndSessionOfAUser() throws Exception {
        SignInScenario scenario = confidentialScenario();
        UserAgent browser = new UserAgent();
        JsonNode tokens = scenario.signedIn(browser);
        String basic = Http.basic(scenario.clientId, scenario.clientSecret);
        String access = tokens.path("access_token").asText();
        SignInScenario.Pkce pkce = SignInScenario.Pkce.create();
        Map<String, String> request = scenario.authorizationRequest(pkce);
        assertThat(browser.get(scenario.authorizeUri(request)).status()).as("the session answers at once").isEqualTo(302);

        Http.Response answer = platform.post("admin/tenants/" + scenario.tenant + "/users/" + scenario.userId + "/tokens/revoke", null);

        assertThat(answer.status()).as(answer.body()).isEqualTo(204);
        assertInactive(access, basic);
        assertInvalidGrant(scenario.refresh(tokens.path("refresh_token").asText()));
        Http.Response page = browser.get(scenario.authorizeUri(scenario.authorizationRequest(SignInScenario.Pkce.create())));
        assertThat(page.status()).as("the session has ended: the login form again").isEqualTo(200);
        assertThat(page.body()).contains("name=\"password\"");
        ConsumerRecord<String, String> event = EventStream.await(scenario.tenantId, "oid.user.tokens_revoked", scenario.userId);
        JsonNode data = JSON.readTree(event.value()).path("data");
        assertThat(data.path("tenant_id").asText()).isEqualTo(scenario.tenantId);
        assertThat(data.path("user_id").asText()).isEqualTo(scenario.userId);
        assertThat(data.path("refresh_tokens_revoked").asInt()).isEqualTo(1);
        assertThat(data.path("sessions_ended").asInt()).isEqualTo(1);
        nextSecond();
        assertActive(scenario.signedIn(new UserAgent()).path("access_token").asText(), basic);
    }

    @Test
    void aTenantAdminMayRevokeNothing() throws Exception {
        SignInScenario scenario = confidentialScenario();
        String access = scenario.signedIn(new UserAgent()).path("access_token").asText();
        AdminClient tenantAdmin = platform.tenantAdmin(scenario.tenant);

        assertProblem(tenantAdmin.delete("admin/tokens/" + jti(access)), 403);
        assertProblem(tenantAdmin.post("admin/tenants/" + scenario.tenant + "/clients/" + scenario.clientId + "/tokens/revoke", null), 403);
        assertProblem(tenantAdmin.post("admin/tenants/" + scenario.tenant + "/users/" + scenario.userId + "/tokens/revoke", null), 403);

        assertActive(access, Http.basic(scenario.clientId, scenario.clientSecret));
    }

    @Test
    void whatDoesNotExistIsNotFound() {
        String tenant = platform.createTenant("rvn");

        assertProblem(platform.post("admin/tenants/" + tenant + "/clients/no-such-client/tokens/revoke", null), 404);
        assertProblem(platform.post("admin/tenants/" + tenant + "/users/" + UUID.randomUUID() + "/tokens/revoke", null), 404);
        assertProblem(platform.post("admin/tenants/" + tenant + "/users/not-an-id/tokens/revoke", null), 404);
        assertProblem(platform.post("admin/tenants/no-such-tenant-" + UUID.randomUUID().toString().substring(0, 8)
                + "/clients/x/tokens/revoke", null), 404);
    }
}
