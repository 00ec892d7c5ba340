package com.orbusdigital.oid.federation;

import static com.orbusdigital.oid.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.orbusdigital.oid.testing.AdminClient;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.TableChecksums;
import com.orbusdigital.oid.testing.TestInfrastructure;
import com.orbusdigital.oid.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * /admin/tenants/{tenant}/identity-providers (issue 18, item 1) on the real Tomcat, PostgreSQL and
 * Kafka: the secret sealed and never shown, If-Match, the events, every refusal a problem that
 * changes nothing, and another tenant's administrator learning nothing. One tenant for the class.
 */
@OidIT
class IdentityProviderAdminIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "entra-client-secret-Q~7f3b2a9c";

    private RunningOid oid;

    private static AdminClient platform;
    private static String tenant;
    private static String tenantId;

    @BeforeEach
    void oneTenantForTheClass() {
        if (tenant == null) {
            platform = oid.platformAdmin();
            tenant = platform.createTenant("idp");
            tenantId = platform.get("admin/tenants/" + tenant).json().path("id").asText();
            assertThat(platform.post("admin/tenants/" + tenant + "/roles", "{\"name\":\"editor\"}").status()).isEqualTo(201);
        }
    }

    private static String providers() {
        return "admin/tenants/" + tenant + "/identity-providers";
    }

    @Test
    void aProviderIsCreatedReadListedChangedAndDeletedEachChangeItsEventAndItsSecretSealed() throws Exception {
        Http.Response entra = platform.post(providers(), """
                {"alias":"entra","display_name":"Contoso","issuer":"https://login.microsoftonline.com/9188040d/v2.0",\
                "client_id":"3f2a9c1e-app","client_secret":"%s","claims":{"roles":"roles"},"role_mappings":{"Editors":["editor"]},\
                "domains":["Contoso.COM","bücher.example"]}""".formatted(SECRET));

        assertThat(entra.status()).as(entra.body()).isEqualTo(201);
        assertThat(entra.header("Cache-Control")).contains("no-store");
        String id = entra.json().path("id").asText();
        assertThat(entra.header("Location")).hasValueSatisfying(location -> assertThat(location).endsWith(
                "/admin/tenants/" + tenantId + "/identity-providers/" + id));
        String etag = entra.header("ETag").orElseThrow();
        Http.Response read = platform.get(providers() + "/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("ETag")).contains(etag);
        JsonNode view = read.json();
        assertThat(read.body()).doesNotContain(SECRET).doesNotContain("\"client_secret\"");
        assertThat(view.path("client_secret_set").asBoolean()).isTrue();
        assertThat(view.path("client_auth").asText()).isEqualTo("client_secret_basic");
        assertThat(view.path("discovery").asBoolean()).isTrue();
        assertThat(view.path("redirect_uri").asText()).isEqualTo(oid.issuer() + "/login/federation/" + id + "/callback");
        assertThat(view.path("backchannel_logout_uri").asText()).isEqualTo(oid.issuer() + "/login/federation/" + id + "/backchannel-logout");
        assertThat(view.path("domains")).extracting(JsonNode::asText).containsExactly("contoso.com", "xn--bcher-kva.example");
        assertThat(view.path("role_mappings").path("Editors")).extracting(JsonNode::asText).containsExactly("editor");
        assertThat(view.path("claims").path("roles").asText()).isEqualTo("roles");
        assertThat(view.path("scopes")).extracting(JsonNode::asText).containsExactly("openid", "email", "profile");
        byte[] stored = storedSecret(id);
        assertThat(stored).isNotEmpty();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);

        Http.Response okta = platform.post(providers(), """
                {"alias":"okta","display_name":"Okta","issuer":"http://127.0.0.1:9/oauth2/default","discovery":false,\
                "authorization_endpoint":"http://127.0.0.1:9/oauth2/default/v1/authorize",\
                "token_endpoint":"http://127.0.0.1:9/oauth2/default/v1/token","jwks_uri":"http://127.0.0.1:9/oauth2/default/v1/keys",\
                "client_id":"okta-app","client_auth":"private_key_jwt","scopes":["openid","email","groups"]}""");
        assertThat(okta.status()).as(okta.body()).isEqualTo(201);
        assertThat(okta.json().path("client_secret_set").asBoolean()).isFalse();
        assertThat(okta.json().path("token_endpoint").asText()).isEqualTo("http://127.0.0.1:9/oauth2/default/v1/token");
        assertThat(storedSecret(okta.json().path("id").asText())).isNull();

        JsonNode page = platform.get(providers() + "?limit=1").json();
        assertThat(page.path("items")).hasSize(1);
        assertThat(page.path("total").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(platform.get(providers()).json().path("items")).extracting(item -> item.path("alias").asText()).contains("entra", "okta");
        assertThat(platform.get(providers()).body()).doesNotContain(SECRET);

        Http.Response changed = platform.call("PATCH", providers() + "/" + id,
                "{\"display_name\":\"Contoso staff\",\"domains\":[\"contoso.com\"],\"client_secret\":\"rotated-" + SECRET + "\"}",
                "If-Match", etag);
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().path("display_name").asText()).isEqualTo("Contoso staff");
        assertThat(changed.json().path("domains")).extracting(JsonNode::asText).containsExactly("contoso.com");
        assertThat(changed.header("ETag")).isNotEqualTo(entra.header("ETag"));
        assertThat(storedSecret(id)).isNotEqualTo(stored);
        assertProblem(platform.call("PATCH", providers() + "/" + id, "{\"enabled\":false}", "If-Match", etag), 412);
        assertProblem(platform.call("DELETE", providers() + "/" + id, null, "If-Match", etag), 412);
        String current = changed.header("ETag").orElseThrow();
        Http.Response same = platform.call("PATCH", providers() + "/" + id, "{\"display_name\":\"Contoso staff\"}", "If-Match", current);
        assertThat(same.header("ETag")).as("a change that changes nothing").contains(current);
        Http.Response toJwt = platform.patch(providers() + "/" + id, "{\"client_auth\":\"private_key_jwt\"}");
        assertThat(toJwt.json().path("client_secret_set").asBoolean()).isFalse();
        assertThat(storedSecret(id)).isNull();

        assertThat(platform.call("DELETE", providers() + "/" + id, null, "If-Match", toJwt.header("ETag").orElseThrow()).status())
                .isEqualTo(204);
        assertProblem(platform.get(providers() + "/" + id), 404);
        assertThat(rows("SELECT count(*) FROM identity_provider_domains WHERE provider_id = ?::uuid", id)).isZero();

        List<ConsumerRecord<String, String>> events = TopicReader.read(record -> tenantId.equals(record.key())
                && record.value().contains("\"oid.identity_provider.") && record.value().contains(id), 4);
        List<String> seen = new ArrayList<>();
        for (ConsumerRecord<String, String> record : events) {
            JsonNode event = JSON.readTree(record.value());
            seen.add(event.path("type").asText() + " " + event.path("data").path("changed"));
            assertThat(event.path("subject").asText()).isEqualTo(id);
            assertThat(event.path("data").path("alias").asText()).isEqualTo("entra");
            assertThat(record.value()).doesNotContain(SECRET).doesNotContain("3f2a9c1e-app");
        }
        assertThat(seen).containsExactly("oid.identity_provider.created ",
                "oid.identity_provider.updated [\"display_name\",\"domains\",\"client_secret\"]",
                "oid.identity_provider.updated [\"client_auth\",\"client_secret\"]",
                "oid.identity_provider.deleted ");
    }

    @Test
    void badFieldsAndConflictsAreProblemsThatChangeNothingAndAnotherTenantLearnsNothing() {
        Http.Response google = platform.post(providers(), """
                {"alias":"google","display_name":"Google","issuer":"https://accounts.google.com","client_id":"g-app",\
                "client_secret":"%s","domains":["example.org"]}""".formatted(SECRET));
        assertThat(google.status()).as(google.body()).isEqualTo(201);
        String id = google.json().path("id").asText();
        String one = providers() + "/" + id;
        String minimal = "\"display_name\":\"X\",\"issuer\":\"https://idp.example\",\"client_id\":\"c\",\"client_secret\":\"s\"";
        TableChecksums before = TableChecksums.take(TestInfrastructure.postgres(), Duration.ofMinutes(10));

        String[][] refused = {
                {"POST", "{\"alias\":\"Bad Alias\"," + minimal + "}", "alias"},
                {"POST", "{\"alias\":\"x1\",\"display_name\":\"X\",\"issuer\":\"http://idp.example\",\"client_id\":\"c\",\"client_secret\":\"s\"}", "issuer"},
                {"POST", "{\"alias\":\"x2\"," + minimal + ",\"discovery\":false}", "token_endpoint"},
                {"POST", "{\"alias\":\"x3\"," + minimal + ",\"client_auth\":\"tls_client_auth\"}", "client_auth"},
                {"POST", "{\"alias\":\"x4\",\"display_name\":\"X\",\"issuer\":\"https://idp.example\",\"client_id\":\"c\"}", "client_secret"},
                {"POST", "{\"alias\":\"x5\"," + minimal + ",\"scopes\":[\"email\"]}", "scopes"},
                {"POST", "{\"alias\":\"x6\"," + minimal + ",\"claims\":{\"email\":\"\"}}", "claims.email"},
                {"POST", "{\"alias\":\"x8\"," + minimal + ",\"domains\":[\"*.example.net\"]}", "domains[0]"},
                {"POST", "{\"alias\":\"x9\"," + minimal + ",\"create_users\":\"yes\"}", "create_users"},
                {"POST", "{\"alias\":\"x10\"," + minimal + ",\"idp_hint\":\"x\"}", "idp_hint"},
                {"PATCH", "{\"jwks_uri\":\"https://idp.example/keys#k\"}", "jwks_uri"},
                {"PATCH", "{\"client_auth\":\"none\",\"client_secret\":\"s\"}", "client_secret"},
                {"PATCH", "{\"display_name\":\"Renamed\",\"domains\":[\"a@example.org\"]}", "domains[0]"}};
        for (String[] request : refused) {
            Http.Response response = platform.call(request[0], request[0].equals("POST") ? providers() : one, request[1]);
            assertProblem(response, 400);
            assertThat(response.json().path("errors").has(request[2])).as(request[1] + " → " + response.body()).isTrue();
            assertThat(response.body()).doesNotContain(SECRET);
        }
        Http.Response unknownRole = platform.post(providers(), "{\"alias\":\"x7\"," + minimal + ",\"role_mappings\":{\"Admins\":[\"owner\"]}}");
        assertProblem(unknownRole, 422);
        assertThat(unknownRole.json().path("errors").has("role_mappings")).isTrue();
        assertProblem(platform.post(providers(), "{\"alias\":"), 400);
        assertProblem(platform.call("POST", providers(), "{}", "Content-Type", "text/plain"), 415);
        assertProblem(platform.post(providers(), "{\"alias\":\"google\"," + minimal + "}"), 409);
        Http.Response domainTaken = platform.post(providers(), "{\"alias\":\"google2\"," + minimal + ",\"domains\":[\"EXAMPLE.org\"]}");
        assertProblem(domainTaken, 409);
        assertThat(domainTaken.json().path("detail").asText()).contains("example.org");
        assertThat(before.now(TestInfrastructure.postgres())).as("refused requests change no row").isEqualTo(before.before());
        assertThat(before.newEvents(TestInfrastructure.postgres())).as("nor publish anything").isEmpty();
        Http.Response okta = platform.post(providers(), "{\"alias\":\"okta-conflict\"," + minimal + "}");
        assertThat(okta.status()).isEqualTo(201);
        String oktaPath = providers() + "/" + okta.json().path("id").asText();
        assertProblem(platform.patch(oktaPath, "{\"alias\":\"google\"}"), 409);
        assertProblem(platform.patch(oktaPath, "{\"domains\":[\"example.org\"]}"), 409);
        assertThat(platform.delete(oktaPath).status()).isEqualTo(204);

        String other = platform.createTenant("idp-other");
        AdminClient otherAdmin = platform.tenantAdmin(other);
        String mine = "admin/tenants/" + tenant + "/identity-providers";
        assertProblem(otherAdmin.get(one), 404);
        assertProblem(otherAdmin.get(mine), 404);
        assertProblem(otherAdmin.patch(one, "{\"enabled\":false}"), 404);
        assertProblem(otherAdmin.delete(one), 404);
        assertProblem(otherAdmin.get("admin/tenants/" + other + "/identity-providers/" + id), 404);
        assertProblem(otherAdmin.patch("admin/tenants/" + other + "/identity-providers/" + id, "{\"enabled\":false}"), 404);
        // the same alias and domain in another tenant are that tenant's own: no conflict, nothing revealed
        Http.Response theirs = otherAdmin.post("admin/tenants/" + other + "/identity-providers",
                "{\"alias\":\"google\"," + minimal + ",\"domains\":[\"example.org\"]}");
        assertThat(theirs.status()).as(theirs.body()).isEqualTo(201);
        assertThat(otherAdmin.get("admin/tenants/" + other + "/identity-providers").json().path("total").asLong()).isEqualTo(1);

        Http.Response unchanged = platform.get(one);
        assertThat(unchanged.header("ETag")).isEqualTo(google.header("ETag"));
        assertThat(unchanged.json().path("display_name").asText()).isEqualTo("Google");
        assertThat(unchanged.json().path("domains")).extracting(JsonNode::asText).containsExactly("example.org");
        assertThat(platform.delete(one).status()).isEqualTo(204);
    }

    private static byte[] storedSecret(String id) throws Exception {
        try (Connection connection = TestInfrastructure.postgres().connect();
             PreparedStatement query = connection.prepareStatement("SELECT client_secret FROM identity_providers WHERE id = ?::uuid")) {
            query.setString(1, id);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).as("the provider's row").isTrue();
                return row.getBytes(1);
            }
        }
    }

    private static long rows(String sql, String id) throws Exception {
        try (Connection connection = TestInfrastructure.postgres().connect(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, id);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
