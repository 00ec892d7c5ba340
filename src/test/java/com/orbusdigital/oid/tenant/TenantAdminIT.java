package com.orbusdigital.oid.tenant;

import static com.orbusdigital.oid.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.orbusdigital.oid.testing.AdminClient;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RelyingParty;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.TestInfrastructure;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /admin/tenants, /admin/tenants/{tenant}/roles and who may call them. */
@OidIT
class TenantAdminIT {

    private RunningOid oid;

    private URI base;
    private AdminClient platform;

    @BeforeEach
    void ready() throws Exception {
        base = oid.root();
        platform = oid.platformAdmin();
    }

    @Test
    void aPlatformAdminProvisionsATenantWhoseClientTokensCarryItsIdAndRoles() throws Exception {
        String slug = "acme-" + UUID.randomUUID().toString().substring(0, 8);
        Http.Response created = platform.post("admin/tenants", "{\"slug\":\"" + slug + "\",\"name\":\"Acme\"}");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode tenant = created.json();
        assertThat(tenant.path("slug").asText()).isEqualTo(slug);
        assertThat(tenant.path("enabled").asBoolean()).isTrue();
        assertThat(created.header("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/admin/tenants/" + tenant.path("id").asText()));
        assertThat(platform.get("admin/tenants/" + slug).json().path("id").asText()).isEqualTo(tenant.path("id").asText());
        assertThat(platform.get("admin/tenants/" + tenant.path("id").asText()).json().path("slug").asText()).isEqualTo(slug);
        assertThat(platform.get("admin/tenants/" + slug + "/roles").json().path("items")).extracting(role -> role.path("name").asText()).contains("tenant-admin");

        JsonNode client = platform.createServiceClient(slug, "billing", "reports");
        String token = AdminClient.clientCredentialsToken(base, client.path("client_id").asText(), client.path("client_secret").asText());
        JWTClaimsSet claims = new RelyingParty(System.getProperty("oid.it.issuer"), TestInfrastructure.AUDIENCE).verifyAccessToken(token);
        assertThat(claims.getStringClaim("tenant_id")).isEqualTo(tenant.path("id").asText());
        assertThat(claims.getStringListClaim("roles")).containsExactly("billing", "reports");
    }

    @Test
    void creatingATenantOrRoleTwiceIsAConflictAndChangesNothing() {
        String slug = platform.createTenant("dup");

        assertProblem(platform.post("admin/tenants", "{\"slug\":\"" + slug + "\",\"name\":\"Again\"}"), 409);
        assertProblem(platform.post("admin/tenants/" + slug + "/roles", "{\"name\":\"tenant-admin\"}"), 409);
        assertThat(platform.get("admin/tenants/" + slug).json().path("name").asText()).isEqualTo("Tenant " + slug);
    }

    @Test
    void concurrentCreatesOfTheSameSlugGiveOneTenantAndConflictsNeverAnError() throws Exception {
        String slug = "race-" + UUID.randomUUID().toString().substring(0, 8);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<Http.Response>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> platform.post("admin/tenants", "{\"slug\":\"" + slug + "\",\"name\":\"Race\"}")));
            }
            java.util.List<Integer> statuses = new java.util.ArrayList<>();
            for (var answer : answers) {
                statuses.add(answer.get().status());
            }
            assertThat(statuses).containsOnly(201, 409);
            assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(platform.get("admin/tenants/" + slug + "/roles").json().path("total").asLong()).isEqualTo(1);
    }

    @Test
    void badInputIsAProblemWithPerFieldMessages() {
        Http.Response response = platform.post("admin/tenants", "{\"slug\":\"Not A Slug\",\"nmae\":\"typo\"}");

        assertProblem(response, 400);
        JsonNode errors = response.json().path("errors");
        assertThat(errors.path("slug").asText()).contains("lowercase");
        assertThat(errors.path("name").asText()).isEqualTo("is required");
        assertThat(errors.path("nmae").asText()).isEqualTo("is not a known field");

        assertProblem(platform.post("admin/tenants", "{not json"), 400);
        assertProblem(platform.post("admin/tenants", "[]"), 400);
        assertProblem(platform.post("admin/tenants", "{\"slug\":\"a\",\"slug\":\"b\",\"name\":\"x\"}"), 400);
        assertProblem(Http.post(base.resolve("admin/tenants"), "{}", "Content-Type", "text/plain", "Authorization",
                "Bearer " + AdminClient.clientCredentialsToken(base, TestInfrastructure.BOOTSTRAP_CLIENT_ID, TestInfrastructure.BOOTSTRAP_CLIENT_SECRET)), 415);
        assertProblem(platform.get("admin/tenants?limit=0"), 400);
        assertProblem(platform.get("admin/tenants?limit=abc"), 400);
        assertProblem(platform.get("admin/tenants/no-such-tenant"), 404);
    }

    @Test
    void renamingAndDisablingATenantStopsItsTokensAtOnce() {
        String slug = platform.createTenant("dis");
        JsonNode client = platform.createServiceClient(slug);
        String basic = Http.basic(client.path("client_id").asText(), client.path("client_secret").asText());
        assertThat(Http.postForm(base.resolve("token"), "grant_type=client_credentials", "Authorization", basic).status()).isEqualTo(200);

        Http.Response patched = platform.patch("admin/tenants/" + slug, "{\"name\":\"Renamed\",\"enabled\":false}");

        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().path("name").asText()).isEqualTo("Renamed");
        assertThat(patched.json().path("enabled").asBoolean()).isFalse();
        assertThat(Http.postForm(base.resolve("token"), "grant_type=client_credentials", "Authorization", basic).status()).isEqualTo(401);
    }

    @Test
    void deletingATenantRemovesEverythingInIt() {
        String slug = platform.createTenant("del");
        JsonNode client = platform.createServiceClient(slug);

        assertThat(platform.delete("admin/tenants/" + slug).status()).isEqualTo(204);

        assertProblem(platform.get("admin/tenants/" + slug), 404);
        assertThat(Http.postForm(base.resolve("token"), "grant_type=client_credentials", "Authorization",
                Http.basic(client.path("client_id").asText(), client.path("client_secret").asText())).status()).isEqualTo(401);
        assertProblem(platform.delete("admin/tenants/platform"), 409);
    }

    @Test
    void withoutAValidAdminTokenNothingIsAnswered() {
        Http.Response none = Http.get(base.resolve("admin/tenants"));
        assertProblem(none, 401);
        assertThat(none.header("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));

        Http.Response forged = Http.get(base.resolve("admin/tenants"), "Authorization", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");
        assertProblem(forged, 401);
        assertThat(forged.header("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).contains("invalid_token"));

        String slug = platform.createTenant("noadm");
        JsonNode plain = platform.createServiceClient(slug, "reader");
        String token = AdminClient.clientCredentialsToken(base, plain.path("client_id").asText(), plain.path("client_secret").asText());
        assertProblem(AdminClient.withToken(base, token).get("admin/tenants/" + slug), 403);
    }
}
