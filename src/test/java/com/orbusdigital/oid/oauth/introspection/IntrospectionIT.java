package com.orbusdigital.oid.oauth.introspection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orbusdigital.oid.testing.AdminClient;
import com.orbusdigital.oid.testing.ConsoleCapture;
import com.orbusdigital.oid.testing.EventStream;
import com.orbusdigital.oid.testing.Fixtures.TestClient;
import com.orbusdigital.oid.testing.Fixtures;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.TestInfrastructure;
import com.orbusdigital.oid.testing.UserAgent;
import java.net.URI;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RFC 7662: a confidential client learns about its own tenant's active tokens, and nothing else. */
@OidIT
class IntrospectionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INACTIVE = "{\"active\":false}";

    private RunningOid oid;

    private URI root;
    private URI introspect;
    private String issuer;
    private Fixtures fixtures;
    private UUID tenant;

    @BeforeEach
    void ready() throws Exception {
        root = oid.root();
        introspect = oid.resolve("introspect");
        issuer = oid.issuer();
        fixtures = oid.fixtures();
        tenant = fixtures.tenant("in-" + UUID.randomUUID().toString().substring(0, 8), true);
    }

    private String token(TestClient client, String... scope) {
        Http.Response response = Http.postForm(root.resolve("token"),
                "grant_type=client_credentials" + (scope.length == 0 ? "" : "&scope=" + String.join("+", scope)),
                "Authorization", Http.basic(client.clientId(), client.secret()));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().path("access_token").asText();
    }

    private Http.Response introspect(TestClient client, String token) {
        return Http.postForm(introspect, "token=" + token, "Authorization", Http.basic(client.clientId(), client.secret()));
    }

    private static void assertInactive(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("Cache-Control")).contains("no-store");
        assertThat(response.body()).isEqualTo(INACTIVE);
    }

    private static void assertInvalidClient(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.header("Cache-Control")).contains("no-store");
        assertThat(response.json().path("error").asText()).isEqualTo("invalid_client");
        assertThat(response.body()).doesNotContain("active");
    }

    @Test
    void anActiveTokenOfTheTenantIsAnsweredWithExactlyItsClaims() throws Exception {
        TestClient client = fixtures.confidentialClient(tenant, List.of("client_credentials"), List.of("docs:read", "docs:write"), "uploader", "auditor");
        TestClient resourceServer = fixtures.confidentialClient(tenant, List.of(), List.of());
        String token = token(client, "docs:read");
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));

        Http.Response response = introspect(resourceServer, token);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.header("Cache-Control")).contains("no-store");
        ObjectNode expected = JSON.createObjectNode();
        expected.put("active", true);
        expected.put("scope", "docs:read");
        expected.put("client_id", client.clientId());
        expected.put("sub", client.clientId());
        expected.put("aud", TestInfrastructure.AUDIENCE);
        expected.put("iss", issuer);
        expected.put("exp", claims.path("exp").asLong());
        expected.put("iat", claims.path("iat").asLong());
        expected.put("jti", claims.path("jti").asText());
        expected.put("token_type", "Bearer");
        expected.put("tenant_id", tenant.toString());
        expected.putArray("roles").add("auditor").add("uploader");
        // byte for byte: the members, their order and their JSON types
        assertThat(response.body()).isEqualTo(JSON.writeValueAsString(expected));
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(TestInfrastructure.ACCESS_TOKEN_TTL_SECONDS);
    }

    @Test
    void aTokenWithoutScopeHasNoScopeMember() {
        TestClient client = fixtures.confidentialClient(tenant, List.of("client_credentials"), List.of());

        JsonNode answer = introspect(client, token(client)).json();

        assertThat(answer.path("active").asBoolean()).isTrue();
        assertThat(answer.has("scope")).isFalse();
        assertThat(answer.path("roles").isArray()).isTrue();
        assertThat(answer.path("roles")).isEmpty();
    }

    @Test
    void expiredGarbageRevokedAndOtherTenantsTokensAreExactlyInactive() {
        TestClient client = fixtures.confidentialClient(tenant, List.of("client_credentials"), List.of());
        UUID otherTenant = fixtures.tenant("ino-" + UUID.randomUUID().toString().substring(0, 8), true);
        TestClient stranger = fixtures.confidentialClient(otherTenant, List.of("client_credentials"), List.of());

        // signed by OID's own key with every claim right, but expired beyond the 30 s of skew (issued
        // after its client was registered: a token older than its client is never that client's)
        long now = Instant.now().getEpochSecond();
        Map<String, Object> expired = new LinkedHashMap<>();
        expired.put("iss", issuer);
        expired.put("sub", client.clientId());
        expired.put("aud", TestInfrastructure.AUDIENCE);
        expired.put("iat", now);
        expired.put("exp", now - 120);
        expired.put("jti", UUID.randomUUID().toString());
        expired.put("client_id", client.clientId());
        expired.put("tenant_id", tenant.toString());
        expired.put("roles", List.of());
        String expiredToken = fixtures.signWithOidKey(expired);
        Map<String, Object> current = new LinkedHashMap<>(expired);
        current.put("exp", now + 600);
        assertThat(introspect(client, fixtures.signWithOidKey(current)).json().path("active").asBoolean())
                .as("the same token, unexpired, is active: only exp differs").isTrue();
        assertInactive(introspect(client, expiredToken));

        assertInactive(introspect(client, "garbage"));
        assertInactive(introspect(client, "eyJhbGciOiJub25lIn0.eyJqdGkiOiJ4In0."));

        String revoked = token(client);
        assertThat(Http.postForm(root.resolve("revoke"), "token=" + revoked, "Authorization",
                Http.basic(client.clientId(), client.secret())).status()).isEqualTo(200);
        assertInactive(introspect(client, revoked));

        String othersToken = token(stranger);
        assertInactive(introspect(client, othersToken));
        assertThat(introspect(stranger, othersToken).json().path("active").asBoolean()).isTrue();
    }

    @Test
    void aPublicClientOrNoAuthenticationIsInvalidClient() {
        TestClient client = fixtures.confidentialClient(tenant, List.of("client_credentials"), List.of());
        String token = token(client);
        String publicClient = fixtures.publicClient(tenant);

        assertInvalidClient(Http.postForm(introspect, "token=" + token));
        assertInvalidClient(Http.postForm(introspect, "token=" + token + "&client_id=" + publicClient));
        assertInvalidClient(Http.postForm(introspect, "token=" + token + "&client_id=" + client.clientId()));
        assertInvalidClient(Http.postForm(introspect, "token=" + token, "Authorization", Http.basic(client.clientId(), "wrong")));
        assertInvalidClient(Http.postForm(introspect, "token=" + token, "Authorization", Http.basic(publicClient, "anything")));
    }

    @Test
    void malformedRequestsAreInvalidRequest() {
        TestClient client = fixtures.confidentialClient(tenant, List.of("client_credentials"), List.of());
        String basic = Http.basic(client.clientId(), client.secret());

        for (Http.Response response : List.of(
                Http.postForm(introspect, "", "Authorization", basic),
                Http.postForm(introspect, "token=a&token=b", "Authorization", basic),
                Http.post(introspect, "token=a", "Authorization", basic))) {
            assertThat(response.status()).as(response.body()).isEqualTo(400);
            assertThat(response.json().path("error").asText()).isEqualTo("invalid_request");
        }
    }

    @Test
    void theTokenValueNeverAppearsInLogsOrEvents() throws Exception {
        TestClient client = fixtures.confidentialClient(tenant, List.of("client_credentials"), List.of());
        String basic = Http.basic(client.clientId(), client.secret());
        String token;
        String logged;
        try (ConsoleCapture console = new ConsoleCapture()) {
            token = token(client);
            assertThat(introspect(client, token).json().path("active").asBoolean()).isTrue();
            // a malformed request around the token value must not echo it either
            Http.postForm(introspect, "token=" + token + "&token=" + token, "Authorization", basic);
            assertThat(Http.postForm(root.resolve("revoke"), "token=" + token, "Authorization", basic).status()).isEqualTo(200);
            assertInactive(introspect(client, token));
            Thread.sleep(1000); // the adapter copies Tomcat's console line by line
            logged = console.text();
        }
        String signature = token.substring(token.lastIndexOf('.') + 1);
        assertThat(logged).doesNotContain(token).doesNotContain(signature);

        String jti = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1])).path("jti").asText();
        for (String type : new String[] {"oid.token.issued", "oid.token.revoked"}) {
            ConsumerRecord<String, String> event = EventStream.await(tenant.toString(), type, jti);
            assertThat(event.value()).doesNotContain(token).doesNotContain(signature).doesNotContain(client.secret());
        }
    }

    /** A signed-in user's access token, and a resource server of their tenant that introspects it (active at first). */
    private record UserToken(SignInScenario scenario, String accessToken, String basic) {
        String user() {
            return "admin/tenants/" + scenario.tenant + "/users/" + scenario.userId;
        }

        String client() {
            return "admin/tenants/" + scenario.tenant + "/clients/" + scenario.clientId;
        }
    }

    private UserToken userToken() {
        SignInScenario scenario = SignInScenario.create(root, issuer, "https://app.example/callback", "public", "");
        JsonNode resourceServer = scenario.admin.createServiceClient(scenario.tenant);
        UserToken user = new UserToken(scenario, scenario.signedIn(new UserAgent()).path("access_token").asText(),
                Http.basic(resourceServer.path("client_id").asText(), resourceServer.path("client_secret").asText()));
        JsonNode active = introspect(user).json();
        assertThat(active.path("active").asBoolean()).as(active.toString()).isTrue();
        assertThat(active.path("sub").asText()).isEqualTo(scenario.userId);
        return user;
    }

    private Http.Response introspect(UserToken user) {
        return Http.postForm(introspect, "token=" + user.accessToken(), "Authorization", user.basic());
    }

    @Test
    void aUsersTokenIsInactiveOnceTheUserIsDisabled() {
        UserToken user = userToken();

        assertThat(user.scenario().admin.patch(user.user(), "{\"enabled\":false}").status()).isEqualTo(200);

        assertInactive(introspect(user));
    }

    @Test
    void aUsersTokenIsInactiveOnceTheUserIsDeleted() {
        UserToken user = userToken();

        assertThat(user.scenario().admin.delete(user.user()).status()).isEqualTo(204);

        assertInactive(introspect(user));
    }

    @Test
    void aUsersTokenIsInactiveOnceItsClientIsDisabled() {
        UserToken user = userToken();

        assertThat(user.scenario().admin.patch(user.client(), "{\"enabled\":false}").status()).isEqualTo(200);

        assertInactive(introspect(user));
    }

    @Test
    void aUsersTokenIsInactiveOnceItsClientIsDeleted() {
        UserToken user = userToken();

        assertThat(user.scenario().admin.delete(user.client()).status()).isEqualTo(204);

        assertInactive(introspect(user));
    }

    @Test
    void aUsersTokenIsActiveAgainOnceTheUserIsEnabledAgain() {
        UserToken user = userToken();
        assertThat(user.scenario().admin.patch(user.user(), "{\"enabled\":false}").status()).isEqualTo(200);
        assertInactive(introspect(user));

        assertThat(user.scenario().admin.patch(user.user(), "{\"enabled\":true}").status()).isEqualTo(200);

        assertThat(introspect(user).json().path("active").asBoolean()).isTrue();
    }

    @Test
    void aMachineTokenIsInactiveOnceItsClientIsDisabled() {
        AdminClient admin = AdminClient.platformAdmin(root);
        String tenantSlug = admin.createTenant("inm");
        JsonNode service = admin.createServiceClient(tenantSlug);
        JsonNode resourceServer = admin.createServiceClient(tenantSlug);
        String serviceId = service.path("client_id").asText();
        String token = AdminClient.clientCredentialsToken(root, serviceId, service.path("client_secret").asText());
        String basic = Http.basic(resourceServer.path("client_id").asText(), resourceServer.path("client_secret").asText());
        assertThat(Http.postForm(introspect, "token=" + token, "Authorization", basic).json().path("active").asBoolean()).isTrue();

        assertThat(admin.patch("admin/tenants/" + tenantSlug + "/clients/" + serviceId, "{\"enabled\":false}").status()).isEqualTo(200);

        assertInactive(Http.postForm(introspect, "token=" + token, "Authorization", basic));
    }

    @Test
    void aClientIdRegisteredAgainDoesNotBringTheDeletedClientsTokensBack() throws Exception {
        AdminClient admin = AdminClient.platformAdmin(root);
        String tenantSlug = admin.createTenant("inr");
        String clients = "admin/tenants/" + tenantSlug + "/clients";
        String registration = "{\"client_id\":\"" + tenantSlug + ".reborn\",\"name\":\"Reborn\",\"type\":\"confidential\","
                + "\"grant_types\":[\"client_credentials\"]}";
        JsonNode first = admin.post(clients, registration).json();
        JsonNode resourceServer = admin.createServiceClient(tenantSlug);
        String basic = Http.basic(resourceServer.path("client_id").asText(), resourceServer.path("client_secret").asText());
        String old = AdminClient.clientCredentialsToken(root, first.path("client_id").asText(), first.path("client_secret").asText());
        assertThat(Http.postForm(introspect, "token=" + old, "Authorization", basic).json().path("active").asBoolean()).isTrue();
        assertThat(admin.delete(clients + "/" + tenantSlug + ".reborn").status()).isEqualTo(204);
        Thread.sleep(1100); // iat has whole seconds: the new registration is a second later than the old token

        Http.Response again = admin.post(clients, registration);

        assertThat(again.status()).isEqualTo(201);
        assertInactive(Http.postForm(introspect, "token=" + old, "Authorization", basic));
        String fresh = AdminClient.clientCredentialsToken(root, again.json().path("client_id").asText(),
                again.json().path("client_secret").asText());
        assertThat(Http.postForm(introspect, "token=" + fresh, "Authorization", basic).json().path("active").asBoolean()).isTrue();
    }
}
