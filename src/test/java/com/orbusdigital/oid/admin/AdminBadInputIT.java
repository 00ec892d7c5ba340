package com.orbusdigital.oid.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.testing.Problems;
import com.orbusdigital.oid.testing.AdminClient;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RunningOid;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every admin endpoint that takes a body answers malformed ones with a problem+json 4xx and changes nothing. */
@OidIT
class AdminBadInputIT {

    private static final List<String> BODIES = List.of(
            "", "not json", "{", "[]", "null", "42", "\"text\"", "{\"unknown\":1}", "{\"name\":{\"nested\":true}}",
            "{\"name\":\"x\\u0000y\"}", "{\"name\":\"x\\ud800y\"}", "{\"name\":" + "\"" + "n".repeat(300) + "\"}", "{\"a\":1,\"a\":2}",
            "{\"username\":[],\"slug\":7,\"type\":true,\"grant_types\":\"client_credentials\",\"redirect_uris\":[1]}",
            "[".repeat(100) + "]".repeat(100), "{\"name\":\"" + "x".repeat(70_000) + "\"}",
            "{\"name\":\"a\"} {\"name\":\"b\"}", "{\"name\":\"a\"}]", "{\"name\":\"a\"} x");

    private RunningOid oid;

    @Test
    void malformedBodiesAreProblemsAndChangeNothing() throws Exception {
        URI base = oid.root();
        AdminClient admin = AdminClient.platformAdmin(base);
        String slug = admin.createTenant("bad");
        String tenant = "admin/tenants/" + slug;
        String clientId = admin.createServiceClient(slug).path("client_id").asText();
        String userId = admin.post(tenant + "/users", "{\"username\":\"victim\"}").json().path("id").asText();
        String before = snapshot(admin, tenant, clientId, userId);

        List<String[]> endpoints = List.of(
                new String[] {"POST", "admin/tenants"},
                new String[] {"PATCH", tenant},
                new String[] {"POST", tenant + "/clients"},
                new String[] {"PATCH", tenant + "/clients/" + clientId},
                new String[] {"POST", tenant + "/roles"},
                new String[] {"POST", tenant + "/users"},
                new String[] {"PATCH", tenant + "/users/" + userId},
                new String[] {"PUT", tenant + "/users/" + userId + "/password"});
        List<String> failures = new ArrayList<>();
        for (String[] endpoint : endpoints) {
            for (String body : BODIES) {
                Http.Response response = admin.call(endpoint[0], endpoint[1], body);
                boolean problem = response.status() >= 400 && response.status() < 500
                        && response.header("Content-Type").orElse("").startsWith("application/problem+json");
                if (!problem) {
                    failures.add(endpoint[0] + " " + endpoint[1] + " <- " + body.substring(0, Math.min(40, body.length()))
                            + " answered " + response.status() + " " + response.body().substring(0, Math.min(200, response.body().length())));
                }
            }
        }

        assertThat(failures).isEmpty();
        assertThat(snapshot(admin, tenant, clientId, userId)).isEqualTo(before);
    }

    @Test
    void contentAfterTheObjectIsRefusedAndChangesNothing() throws Exception {
        AdminClient admin = admin();
        String tenant = "admin/tenants/" + admin.createTenant("trailing");
        String before = admin.get(tenant).body();

        for (String body : List.of("{\"name\":\"a\"} {\"name\":\"b\"}", "{\"name\":\"a\"}{}", "{\"name\":\"a\"} 1",
                "{\"name\":\"a\"}]", "{\"name\":\"a\"} x", "{\"name\":\"a\"} /* */")) {
            Http.Response refused = admin.patch(tenant, body);

            Problems.assertProblem(refused, 400);
            assertThat(refused.json().path("detail").asText()).as(body).isEqualTo("The body must be exactly one JSON object.");
        }
        assertThat(admin.get(tenant).body()).isEqualTo(before);
        // white space after the object is no content
        assertThat(admin.patch(tenant, "{\"name\":\"a\"} \r\n\t ").status()).isEqualTo(200);
    }

    @Test
    void thousandsOfUnknownFieldsGetASmallProblemThatCountsWhatItDoesNotList() throws Exception {
        AdminClient admin = admin();
        String tenant = "admin/tenants/" + admin.createTenant("many");
        StringBuilder body = new StringBuilder("{\"name\":7");
        for (int i = 0; i < 6000; i++) {
            body.append(",\"f").append(i).append("\":0");
        }
        String json = body.append('}').toString();
        assertThat(json.length()).isBetween(50_000, 64 * 1024);

        Http.Response refused = admin.patch(tenant, json);

        Problems.assertProblem(refused, 400);
        assertThat(refused.body().length()).as("problem size").isLessThan(2_500);
        assertThat(refused.json().path("errors").size()).isEqualTo(20);
        // what is wrong with a known field comes before the unknown ones
        assertThat(refused.json().path("errors").path("name").asText()).isEqualTo("must be a string");
        assertThat(refused.json().path("errors_not_listed").asInt()).isEqualTo(6001 - 20);
        assertThat(refused.json().path("detail").asText()).contains("6001");
    }

    private AdminClient admin() throws Exception {
        URI base = oid.root();
        return AdminClient.platformAdmin(base);
    }

    /** What the admin API shows of the tenant, without timestamps that do not change anyway. */
    private static String snapshot(AdminClient admin, String tenant, String clientId, String userId) {
        return String.join("\n",
                admin.get("admin/tenants?limit=200").json().path("total").asText(),
                admin.get(tenant).body(),
                admin.get(tenant + "/clients").body(),
                admin.get(tenant + "/clients/" + clientId).body(),
                admin.get(tenant + "/roles").body(),
                admin.get(tenant + "/users").body(),
                admin.get(tenant + "/users/" + userId).body());
    }
}
