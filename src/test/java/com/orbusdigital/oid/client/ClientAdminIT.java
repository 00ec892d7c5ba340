package com.orbusdigital.oid.client;

import static com.orbusdigital.oid.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbusdigital.oid.testing.AdminClient;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RunningOid;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** /admin/tenants/{tenant}/clients: registration rules, sign-in settings, the secret shown once, rotation, roles. */
@OidIT
class ClientAdminIT {

    private RunningOid oid;

    private URI base;
    private AdminClient platform;
    private String tenant;

    @BeforeEach
    void tenant() throws Exception {
        base = oid.root();
        platform = oid.platformAdmin();
        tenant = platform.createTenant("cl");
    }

    private String clients() {
        return "admin/tenants/" + tenant + "/clients";
    }

    @Test
    void aConfidentialClientsSecretIsShownOnceAndRotationReplacesIt() {
        Http.Response created = platform.post(clients(),
                "{\"client_id\":\"billing-" + tenant + "\",\"name\":\"Billing\",\"type\":\"confidential\",\"grant_types\":[\"client_credentials\"]}");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.header("Cache-Control")).contains("no-store");
        String clientId = created.json().path("client_id").asText();
        String secret = created.json().path("client_secret").asText();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(43);
        Http.Response read = platform.get(clients() + "/" + clientId);
        assertThat(read.json().has("client_secret")).isFalse();
        assertThat(read.body()).doesNotContain(secret).doesNotContain("hmac");
        assertThat(platform.get(clients()).body()).doesNotContain(secret);

        Http.Response rotated = platform.post(clients() + "/" + clientId + "/secret", null);

        assertThat(rotated.status()).isEqualTo(200);
        String newSecret = rotated.json().path("client_secret").asText();
        assertThat(newSecret).isNotEqualTo(secret);
        assertThat(tokenStatus(clientId, secret)).isEqualTo(401);
        assertThat(tokenStatus(clientId, newSecret)).isEqualTo(200);
    }

    @Test
    void rolesAreAssignedAndUnassignedAndAppearInTokens() {
        JsonNode client = platform.createServiceClient(tenant, "writer");
        String clientId = client.path("client_id").asText();

        assertThat(platform.get(clients() + "/" + clientId + "/roles").json()).extracting(r -> r.path("name").asText()).containsExactly("writer");
        assertThat(platform.delete(clients() + "/" + clientId + "/roles/writer").status()).isEqualTo(204);
        assertThat(platform.get(clients() + "/" + clientId + "/roles").json()).isEmpty();
        assertProblem(platform.put(clients() + "/" + clientId + "/roles/no-such-role"), 404);
        assertThat(platform.delete("admin/tenants/" + tenant + "/roles/writer").status()).isEqualTo(204);
        assertProblem(platform.delete("admin/tenants/" + tenant + "/roles/tenant-admin"), 409);
    }

    @Test
    void updatingAndDeletingAClientTakesEffectOnTheTokenEndpoint() {
        JsonNode client = platform.createServiceClient(tenant);
        String clientId = client.path("client_id").asText();
        String secret = client.path("client_secret").asText();

        Http.Response patched = platform.patch(clients() + "/" + clientId, "{\"name\":\"Renamed\",\"scopes\":[\"read\",\"write\"],\"enabled\":false}");

        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().path("scopes")).extracting(JsonNode::asText).containsExactly("read", "write");
        assertThat(tokenStatus(clientId, secret)).isEqualTo(401);
        platform.patch(clients() + "/" + clientId, "{\"enabled\":true}");
        assertThat(tokenStatus(clientId, secret)).isEqualTo(200);
        assertProblem(platform.patch(clients() + "/" + clientId, "{\"type\":\"public\"}"), 400);

        assertThat(platform.delete(clients() + "/" + clientId).status()).isEqualTo(204);
        assertProblem(platform.get(clients() + "/" + clientId), 404);
        assertThat(tokenStatus(clientId, secret)).isEqualTo(401);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "fragment         | {\"name\":\"x\",\"type\":\"public\",\"grant_types\":[\"authorization_code\"],\"redirect_uris\":[\"https://a.example/cb#frag\"]} | redirect_uris[0]",
            "wildcard         | {\"name\":\"x\",\"type\":\"public\",\"grant_types\":[\"authorization_code\"],\"redirect_uris\":[\"https://*.example/cb\"]} | redirect_uris[0]",
            "relative         | {\"name\":\"x\",\"type\":\"public\",\"grant_types\":[\"authorization_code\"],\"redirect_uris\":[\"/cb\"]} | redirect_uris[0]",
            "plain http       | {\"name\":\"x\",\"type\":\"public\",\"grant_types\":[\"authorization_code\"],\"redirect_uris\":[\"http://app.example/cb\"]} | redirect_uris[0]",
            "public cc        | {\"name\":\"x\",\"type\":\"public\",\"grant_types\":[\"client_credentials\"]} | grant_types",
            "implicit         | {\"name\":\"x\",\"type\":\"confidential\",\"grant_types\":[\"implicit\"]} | grant_types",
            "password         | {\"name\":\"x\",\"type\":\"confidential\",\"grant_types\":[\"password\"]} | grant_types",
            "refresh only     | {\"name\":\"x\",\"type\":\"confidential\",\"grant_types\":[\"refresh_token\"]} | grant_types",
            "code no redirect | {\"name\":\"x\",\"type\":\"confidential\",\"grant_types\":[\"authorization_code\"]} | redirect_uris",
            "bad type         | {\"name\":\"x\",\"type\":\"secretive\"} | type",
            "no name          | {\"type\":\"public\"} | name",
            "bad scope        | {\"name\":\"x\",\"type\":\"confidential\",\"scopes\":[\"a b\"]} | scopes[0]",
            "bad client_id    | {\"client_id\":\"has space\",\"name\":\"x\",\"type\":\"confidential\"} | client_id",
            "pkce as string   | {\"name\":\"x\",\"type\":\"confidential\",\"require_pkce\":\"false\"} | require_pkce",
            "logout as number | {\"name\":\"x\",\"type\":\"confidential\",\"revoke_refresh_tokens_on_logout\":1} | revoke_refresh_tokens_on_logout",
            "offline as text  | {\"name\":\"x\",\"type\":\"confidential\",\"require_offline_access\":\"yes\"} | require_offline_access"})
    void registrationRulesAreEnforcedPerField(String rule, String json, String field) {
        Http.Response response = platform.post(clients(), json);

        assertProblem(response, 400);
        assertThat(response.json().path("errors").has(field)).as(response.body()).isTrue();
        assertThat(platform.get(clients()).json().path("total").asLong()).isZero();
    }

    @Test
    void signInSettingsHaveSafeDefaultsWhenLeftOut() {
        Http.Response created = platform.post(clients(), "{\"name\":\"Web\",\"type\":\"confidential\"}");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertSignInSettings(created.json(), true, false, false);
        assertSignInSettings(platform.get(clients() + "/" + created.json().path("client_id").asText()).json(), true, false, false);
    }

    @Test
    void signInSettingsAreSetOnCreationAndChangedByAnUpdate() {
        Http.Response created = platform.post(clients(), "{\"name\":\"Web\",\"type\":\"confidential\",\"require_pkce\":false,"
                + "\"revoke_refresh_tokens_on_logout\":true,\"require_offline_access\":true}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertSignInSettings(created.json(), false, true, true);
        String clientId = created.json().path("client_id").asText();

        Http.Response patched = platform.patch(clients() + "/" + clientId, "{\"require_pkce\":true,\"require_offline_access\":false}");

        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        // what the update leaves out keeps its value
        assertSignInSettings(patched.json(), true, true, false);
        assertThat(patched.json().path("updated_at").asText()).isNotEqualTo(created.json().path("updated_at").asText());
        assertSignInSettings(platform.get(clients() + "/" + clientId).json(), true, true, false);
        platform.patch(clients() + "/" + clientId, "{\"revoke_refresh_tokens_on_logout\":false,\"require_pkce\":null}");
        assertSignInSettings(platform.get(clients() + "/" + clientId).json(), true, false, false);
    }

    @Test
    void aSignInSettingThatIsNotABooleanIsRefusedOnUpdateAndChangesNothing() {
        Http.Response created = platform.post(clients(), "{\"name\":\"Web\",\"type\":\"confidential\"}");
        String clientId = created.json().path("client_id").asText();

        Http.Response response = platform.patch(clients() + "/" + clientId,
                "{\"name\":\"Renamed\",\"require_pkce\":\"false\",\"require_offline_access\":\"true\"}");

        assertProblem(response, 400);
        assertThat(response.json().path("errors").path("require_pkce").asText()).isEqualTo("must be true or false");
        assertThat(response.json().path("errors").path("require_offline_access").asText()).isEqualTo("must be true or false");
        JsonNode unchanged = platform.get(clients() + "/" + clientId).json();
        assertThat(unchanged.path("name").asText()).isEqualTo("Web");
        assertSignInSettings(unchanged, true, false, false);
    }

    @Test
    void aPublicClientMayStoreRequirePkceFalseYetAlwaysUsesPkce() {
        // stored as given rather than refused: the setting only tightens confidential clients, and
        // the sign-in endpoints require PKCE of every public client regardless (as admin.json says)
        Http.Response created = platform.post(clients(), "{\"name\":\"SPA\",\"type\":\"public\",\"require_pkce\":false,"
                + "\"grant_types\":[\"authorization_code\"],\"redirect_uris\":[\"https://spa.example/cb\"]}");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertSignInSettings(created.json(), false, false, false);
    }

    private static void assertSignInSettings(JsonNode client, boolean requirePkce, boolean revokeOnLogout, boolean requireOffline) {
        assertThat(client.path("require_pkce").isBoolean()).as(client.toString()).isTrue();
        assertThat(client.path("require_pkce").asBoolean()).as("require_pkce").isEqualTo(requirePkce);
        assertThat(client.path("revoke_refresh_tokens_on_logout").isBoolean()).as(client.toString()).isTrue();
        assertThat(client.path("revoke_refresh_tokens_on_logout").asBoolean()).as("revoke_refresh_tokens_on_logout").isEqualTo(revokeOnLogout);
        assertThat(client.path("require_offline_access").isBoolean()).as(client.toString()).isTrue();
        assertThat(client.path("require_offline_access").asBoolean()).as("require_offline_access").isEqualTo(requireOffline);
    }

    @Test
    void loopbackHttpAndNativeAppSchemesAreAcceptedForPublicClients() {
        Http.Response response = platform.post(clients(),
                "{\"name\":\"Native\",\"type\":\"public\",\"grant_types\":[\"authorization_code\"],"
                        + "\"redirect_uris\":[\"http://127.0.0.1:4000/cb\",\"http://localhost/cb\",\"com.example.app:/callback\"]}");

        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }

    @Test
    void plainHttpIsOnlyForLoopbackAddressesAndLocalhostNotForHostsThatStartLikeThem() {
        List<String> lookalikes = List.of("http://127.0.0.1.evil.example/cb", "http://127.evil.example/cb",
                "http://127.0.0.1evil.example/cb", "http://localhost.evil.example/cb");
        for (String field : List.of("redirect_uris", "post_logout_redirect_uris")) {
            for (String lookalike : lookalikes) {
                String uris = field.equals("redirect_uris") ? "\"redirect_uris\":[\"" + lookalike + "\"]"
                        : "\"redirect_uris\":[\"http://127.0.0.1/cb\"],\"" + field + "\":[\"" + lookalike + "\"]";
                Http.Response refused = platform.post(clients(), "{\"name\":\"Native\",\"type\":\"public\","
                        + "\"grant_types\":[\"authorization_code\"]," + uris + "}");

                assertProblem(refused, 400);
                assertThat(refused.json().path("errors").path(field + "[0]").toString()).as(lookalike)
                        .contains("must use https (http is allowed only on a loopback host)");
            }
        }
        assertThat(platform.get(clients()).json().path("total").asLong()).isZero();

        List<String> loopback = List.of("http://127.0.0.1:8080/cb", "http://[::1]/cb", "http://localhost/cb");
        Http.Response accepted = platform.post(clients(), "{\"name\":\"Native\",\"type\":\"public\",\"grant_types\":[\"authorization_code\"],"
                + "\"redirect_uris\":" + jsonArray(loopback) + ",\"post_logout_redirect_uris\":" + jsonArray(loopback) + "}");

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
        assertThat(accepted.json().path("redirect_uris")).extracting(JsonNode::asText).containsExactlyElementsOf(loopback);
        assertThat(accepted.json().path("post_logout_redirect_uris")).extracting(JsonNode::asText).containsExactlyElementsOf(loopback);
        String clientId = accepted.json().path("client_id").asText();
        Http.Response patched = platform.patch(clients() + "/" + clientId, "{\"post_logout_redirect_uris\":[\"http://127.0.0.1.evil.example/out\"]}");
        assertProblem(patched, 400);
        assertThat(patched.json().path("errors").has("post_logout_redirect_uris[0]")).as(patched.body()).isTrue();
    }

    private static String jsonArray(List<String> values) {
        return values.stream().map(value -> "\"" + value + "\"").collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }

    @Test
    void aTakenClientIdIsAConflict() {
        String id = "taken-" + tenant;
        assertThat(platform.post(clients(), "{\"client_id\":\"" + id + "\",\"name\":\"x\",\"type\":\"confidential\"}").status()).isEqualTo(201);

        String other = platform.createTenant("cl2");
        assertProblem(platform.post("admin/tenants/" + other + "/clients", "{\"client_id\":\"" + id + "\",\"name\":\"x\",\"type\":\"confidential\"}"), 409);
    }

    @Test
    void aPlatformAdminMayChooseAnyClientIdButOneInAnotherTenantsNamespace() {
        String other = platform.createTenant("cl-ns");

        Http.Response foreign = platform.post(clients(), chosen(other + ".web"));

        assertProblem(foreign, 400);
        assertThat(foreign.json().path("errors").path("client_id").asText()).contains("\"" + other + ".");
        for (String allowed : List.of(tenant + ".web", "free-form-" + tenant, "com.example.app-" + tenant)) {
            Http.Response created = platform.post(clients(), chosen(allowed));
            assertThat(created.status()).as(allowed + ": " + created.body()).isEqualTo(201);
        }
    }

    @Test
    void aTenantCannotBeCreatedWhoseNamespaceHoldsAnotherTenantsClients() {
        String slug = "later-" + tenant;
        assertThat(platform.post(clients(), chosen(slug + ".web")).status()).isEqualTo(201);

        Http.Response refused = platform.post("admin/tenants", "{\"slug\":\"" + slug + "\",\"name\":\"Later\"}");

        // its tenant-admin could otherwise learn of that client through a 409
        assertProblem(refused, 409);
        assertProblem(platform.get("admin/tenants/" + slug), 404);
    }

    private static String chosen(String clientId) {
        return "{\"client_id\":\"" + clientId + "\",\"name\":\"Chosen\",\"type\":\"confidential\"}";
    }

    private int tokenStatus(String clientId, String secret) {
        return Http.postForm(base.resolve("token"), "grant_type=client_credentials", "Authorization", Http.basic(clientId, secret)).status();
    }
}
