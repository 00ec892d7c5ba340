package com.orbusdigital.oid.tenant;

import static com.orbusdigital.oid.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbusdigital.oid.testing.AdminClient;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RunningOid;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An administrator of tenant A can neither read, list, change nor learn of anything in tenant B:
 * every request about B answers exactly as if B did not exist.
 */
@OidIT
class TenantIsolationIT {

    private RunningOid oid;

    private URI base;
    private AdminClient platform;
    private String a;
    private String b;
    private AdminClient adminOfA;
    private JsonNode clientOfB;

    @BeforeEach
    void tenants() throws Exception {
        base = oid.root();
        platform = oid.platformAdmin();
        a = platform.createTenant("iso-a");
        b = platform.createTenant("iso-b");
        adminOfA = platform.tenantAdmin(a);
        clientOfB = platform.createServiceClient(b, "secret-role");
    }

    @Test
    void everyRequestAboutAnotherTenantAnswersAsIfItDidNotExist() {
        String bId = platform.get("admin/tenants/" + b).json().path("id").asText();
        String clientB = clientOfB.path("client_id").asText();
        List<Http.Response> attempts = List.of(
                adminOfA.get("admin/tenants/" + b),
                adminOfA.get("admin/tenants/" + bId),
                adminOfA.patch("admin/tenants/" + b, "{\"name\":\"pwned\"}"),
                adminOfA.get("admin/tenants/" + b + "/clients"),
                adminOfA.get("admin/tenants/" + b + "/clients/" + clientB),
                adminOfA.patch("admin/tenants/" + b + "/clients/" + clientB, "{\"name\":\"pwned\"}"),
                adminOfA.post("admin/tenants/" + b + "/clients/" + clientB + "/secret", null),
                adminOfA.delete("admin/tenants/" + b + "/clients/" + clientB),
                adminOfA.get("admin/tenants/" + b + "/roles"),
                adminOfA.post("admin/tenants/" + b + "/roles", "{\"name\":\"intruder\"}"),
                adminOfA.delete("admin/tenants/" + b + "/roles/secret-role"),
                adminOfA.put("admin/tenants/" + b + "/clients/" + clientB + "/roles/secret-role"),
                // B's client addressed through A's own path is not A's either
                adminOfA.get("admin/tenants/" + a + "/clients/" + clientB),
                adminOfA.delete("admin/tenants/" + a + "/clients/" + clientB),
                adminOfA.put("admin/tenants/" + a + "/clients/" + clientB + "/roles/tenant-admin"));
        Http.Response unknown = adminOfA.get("admin/tenants/no-such-tenant-at-all");

        for (Http.Response attempt : attempts) {
            assertProblem(attempt, 404);
        }
        assertThat(attempts.get(0).json().path("detail").asText()).isEqualTo(unknown.json().path("detail").asText());
        // nothing changed in B
        assertThat(platform.get("admin/tenants/" + b).json().path("name").asText()).isEqualTo("Tenant " + b);
        assertThat(platform.get("admin/tenants/" + b + "/clients/" + clientB).json().path("name").asText()).isEqualTo("Service");
        assertThat(platform.get("admin/tenants/" + b + "/roles").json().path("items")).extracting(r -> r.path("name").asText())
                .containsExactlyInAnyOrder("tenant-admin", "secret-role");
        assertThat(Http.postForm(base.resolve("token"), "grant_type=client_credentials", "Authorization",
                Http.basic(clientB, clientOfB.path("client_secret").asText())).status()).isEqualTo(200);
    }

    @Test
    void anotherTenantsUsersCannotBeReadListedChangedOrFound() {
        Http.Response created = platform.post("admin/tenants/" + b + "/users",
                "{\"username\":\"bob\",\"email\":\"bob@b.example\",\"password\":\"violet tractor mango lighthouse\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String userB = created.json().path("id").asText();
        List<Http.Response> attempts = List.of(
                adminOfA.get("admin/tenants/" + b + "/users"),
                adminOfA.get("admin/tenants/" + b + "/users?q=bob"),
                adminOfA.get("admin/tenants/" + b + "/users/" + userB),
                adminOfA.patch("admin/tenants/" + b + "/users/" + userB, "{\"enabled\":false}"),
                adminOfA.call("PUT", "admin/tenants/" + b + "/users/" + userB + "/password", "{\"password\":\"taken over by tenant a\"}"),
                adminOfA.put("admin/tenants/" + b + "/users/" + userB + "/roles/secret-role"),
                adminOfA.delete("admin/tenants/" + b + "/users/" + userB),
                // B's user through A's own path
                adminOfA.get("admin/tenants/" + a + "/users/" + userB),
                adminOfA.patch("admin/tenants/" + a + "/users/" + userB, "{\"enabled\":false}"),
                adminOfA.call("PUT", "admin/tenants/" + a + "/users/" + userB + "/password", "{\"password\":\"taken over by tenant a\"}"),
                adminOfA.put("admin/tenants/" + a + "/users/" + userB + "/roles/tenant-admin"),
                adminOfA.delete("admin/tenants/" + a + "/users/" + userB));

        for (Http.Response attempt : attempts) {
            assertProblem(attempt, 404);
        }
        assertThat(adminOfA.get("admin/tenants/" + a + "/users?q=bob").json().path("total").asLong()).isZero();
        JsonNode still = platform.get("admin/tenants/" + b + "/users/" + userB).json();
        assertThat(still.path("enabled").asBoolean()).isTrue();
        assertThat(platform.get("admin/tenants/" + b + "/users/" + userB + "/roles").json()).isEmpty();
    }

    @Test
    void aTenantAdminListsOnlyItsOwnTenantAndCannotCreateOrDeleteTenants() {
        JsonNode list = adminOfA.get("admin/tenants").json();

        assertThat(list.path("items")).extracting(t -> t.path("slug").asText()).containsExactly(a);
        assertThat(list.path("total").asLong()).isEqualTo(1);
        assertProblem(adminOfA.post("admin/tenants", "{\"slug\":\"mine-too\",\"name\":\"x\"}"), 403);
        assertProblem(adminOfA.delete("admin/tenants/" + a), 403);
        assertProblem(adminOfA.patch("admin/tenants/" + a, "{\"enabled\":false}"), 400);
    }

    @Test
    void aTenantAdminManagesItsOwnTenant() {
        Http.Response role = adminOfA.post("admin/tenants/" + a + "/roles", "{\"name\":\"editor\",\"description\":\"Edits\"}");
        Http.Response client = adminOfA.post("admin/tenants/" + a + "/clients",
                "{\"name\":\"Web\",\"type\":\"public\",\"redirect_uris\":[\"https://app.example.com/cb\"],\"grant_types\":[\"authorization_code\",\"refresh_token\"]}");

        assertThat(role.status()).as(role.body()).isEqualTo(201);
        assertThat(client.status()).as(client.body()).isEqualTo(201);
        assertThat(client.json().has("client_secret")).isFalse();
        assertThat(adminOfA.patch("admin/tenants/" + a, "{\"name\":\"A renamed\"}").status()).isEqualTo(200);
        assertThat(adminOfA.get("admin/tenants/" + a + "/clients").json().path("total").asLong()).isEqualTo(2);
    }

    @Test
    void aTenantAdminChoosesClientIdsOnlyInItsOwnNamespaceSoATakenOneNeverRevealsAnotherTenant() {
        String takenInB = b + ".web";
        assertThat(platform.post("admin/tenants/" + b + "/clients", namedClient(takenInB)).status()).isEqualTo(201);
        String clients = "admin/tenants/" + a + "/clients";

        // B's client_ids, taken or not, and anything outside "<a>." are field errors: never a 409
        for (String outside : List.of(takenInB, b + ".free", clientOfB.path("client_id").asText(), "web", a + "web",
                a.toUpperCase(java.util.Locale.ROOT) + ".web")) {
            Http.Response refused = adminOfA.post(clients, namedClient(outside));
            assertProblem(refused, 400);
            assertThat(refused.json().path("errors").path("client_id").asText()).as(outside).contains("\"" + a + ".");
        }
        Http.Response mine = adminOfA.post(clients, namedClient(a + ".web"));
        assertThat(mine.status()).as(mine.body()).isEqualTo(201);
        assertThat(mine.json().path("client_id").asText()).isEqualTo(a + ".web");
        // a conflict within its own namespace names only its own client
        assertProblem(adminOfA.post(clients, namedClient(a + ".web")), 409);
        // without a client_id, one is generated as before
        Http.Response generated = adminOfA.post(clients, "{\"name\":\"Generated\",\"type\":\"confidential\"}");
        assertThat(generated.status()).isEqualTo(201);
        assertThat(generated.json().path("client_id").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(adminOfA.get(clients).json().path("total").asLong()).isEqualTo(3);
    }

    @Test
    void platformRoleNamesAreReservedInEveryTenant() {
        Map<String, AdminClient> admins = Map.of("tenant-admin of " + a, adminOfA, "oid-admin", platform);
        admins.forEach((who, admin) -> {
            for (String name : List.of("oid-admin", "oid-anything", "OID-Admin", "oid-")) {
                Http.Response refused = admin.post("admin/tenants/" + a + "/roles", "{\"name\":\"" + name + "\"}");
                assertProblem(refused, 400);
                assertThat(refused.json().path("errors").path("name").asText()).as(who + ": " + name).contains("reserved");
            }
        });
        assertProblem(platform.post("admin/tenants/platform/roles", "{\"name\":\"oid-operator\"}"), 400);
        assertThat(platform.get("admin/tenants/" + a + "/roles").json().path("items")).extracting(r -> r.path("name").asText())
                .noneMatch(name -> name.toLowerCase(java.util.Locale.ROOT).startsWith("oid-"));
        // names that merely contain it are the tenant's to use
        assertThat(adminOfA.post("admin/tenants/" + a + "/roles", "{\"name\":\"not-oid-admin\"}").status()).isEqualTo(201);
    }

    private static String namedClient(String clientId) {
        return "{\"client_id\":\"" + clientId + "\",\"name\":\"Chosen\",\"type\":\"confidential\"}";
    }
}
