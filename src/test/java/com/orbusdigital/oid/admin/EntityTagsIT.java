package com.orbusdigital.oid.admin;

import static com.orbusdigital.oid.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbusdigital.oid.testing.AdminClient;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RunningOid;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every admin object answers with a strong ETag (its version), and a change carrying If-Match applies
 * only while that ETag is current: a stale one is 412 and changes nothing, {@code *} means "if it
 * exists", a malformed one is 400.
 */
@OidIT
class EntityTagsIT {

    private static final String STRONG_TAG = "\"\\d+-[0-9a-f]{8}\"";

    private RunningOid oid;

    private AdminClient platform;
    private String tenant;

    @BeforeEach
    void setUp() throws Exception {
        platform = oid.platformAdmin();
        tenant = platform.createTenant("etag");
    }

    @Test
    void aTenantHonoursIfMatchOnPatchAndDelete() {
        String other = platform.createTenant("etag-del");
        assertConditionalChanges("admin/tenants/" + tenant, "{\"name\":\"First\"}", "{\"name\":\"Second\"}");
        assertConditionalDelete("admin/tenants/" + other);
    }

    @Test
    void aClientHonoursIfMatchOnPatchDeleteAndSecretRotation() {
        Http.Response created = platform.post(clients(), "{\"name\":\"Web\",\"type\":\"confidential\"}");
        assertThat(created.status()).isEqualTo(201);
        String path = clients() + "/" + created.json().path("client_id").asText();
        assertThat(created.header("ETag")).hasValueSatisfying(tag -> assertThat(tag).matches(STRONG_TAG))
                .isEqualTo(platform.get(path).header("ETag"));

        assertConditionalChanges(path, "{\"name\":\"First\"}", "{\"scopes\":[\"second\"]}");

        String current = etag(path);
        Http.Response stale = platform.call("POST", path + "/secret", null, "If-Match", "\"12345\"");
        assertProblem(stale, 412);
        assertThat(stale.body()).doesNotContain("client_secret");
        assertThat(etag(path)).isEqualTo(current);
        Http.Response rotated = platform.call("POST", path + "/secret", null, "If-Match", current);
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        assertThat(rotated.header("ETag")).hasValueSatisfying(tag -> assertThat(tag).matches(STRONG_TAG).isNotEqualTo(current))
                .isEqualTo(platform.get(path).header("ETag"));

        assertConditionalDelete(path);
    }

    @Test
    void aUserHonoursIfMatchOnPatchDeleteAndPasswordChange() {
        Http.Response created = platform.post(tenantPath() + "/users", "{\"username\":\"tagged\"}");
        assertThat(created.status()).isEqualTo(201);
        String path = tenantPath() + "/users/" + created.json().path("id").asText();
        assertThat(created.header("ETag")).isEqualTo(platform.get(path).header("ETag"));

        assertConditionalChanges(path, "{\"name\":\"First\"}", "{\"email\":\"second@example.com\"}");

        String current = etag(path);
        assertProblem(platform.call("PUT", path + "/password", "{\"password\":\"violet tractor mango lighthouse\"}",
                "If-Match", "\"12345\""), 412);
        assertThat(platform.get(path).json().path("has_password").asBoolean()).isFalse();
        assertThat(platform.call("PUT", path + "/password", "{\"password\":\"violet tractor mango lighthouse\"}",
                "If-Match", current).status()).isEqualTo(204);
        assertThat(platform.get(path).json().path("has_password").asBoolean()).isTrue();
        assertThat(etag(path)).isNotEqualTo(current);

        assertConditionalDelete(path);
    }

    @Test
    void aRoleHonoursIfMatchOnPatchAndDelete() {
        Http.Response created = platform.post(tenantPath() + "/roles", "{\"name\":\"tagged\",\"description\":\"Zero\"}");
        assertThat(created.status()).isEqualTo(201);
        String path = tenantPath() + "/roles/tagged";
        assertThat(created.header("ETag")).hasValueSatisfying(tag -> assertThat(tag).matches(STRONG_TAG))
                .isEqualTo(platform.get(path).header("ETag"));

        assertConditionalChanges(path, "{\"description\":\"First\"}", "{\"description\":\"Second\"}");
        assertProblem(platform.patch(path, "{\"name\":\"renamed\"}"), 400);

        assertConditionalDelete(path);
    }

    @Test
    void aTagOfADeletedRoleDoesNotMatchOneCreatedAgainUnderItsName() {
        String path = tenantPath() + "/roles/reborn";
        assertThat(platform.post(tenantPath() + "/roles", "{\"name\":\"reborn\",\"description\":\"First life\"}").status())
                .isEqualTo(201);
        String firstLife = etag(path);
        assertThat(platform.delete(path).status()).isEqualTo(204);
        assertThat(platform.post(tenantPath() + "/roles", "{\"name\":\"reborn\",\"description\":\"Second life\"}").status())
                .isEqualTo(201);

        // same name, same version number, another object: the old tag is stale
        assertThat(etag(path)).isNotEqualTo(firstLife);
        assertProblem(platform.call("PATCH", path, "{\"description\":\"Meant for the first\"}", "If-Match", firstLife), 412);
        assertThat(platform.get(path).json().path("description").asText()).isEqualTo("Second life");
    }

    @Test
    void assigningARoleLeavesTheHoldersETagAlone() {
        JsonNode client = platform.createServiceClient(tenant);
        String path = clients() + "/" + client.path("client_id").asText();
        String before = etag(path);
        platform.post(tenantPath() + "/roles", "{\"name\":\"reader\"}");

        assertThat(platform.put(path + "/roles/reader").status()).isEqualTo(204);

        // the roles are a resource of their own; the client's representation did not change
        assertThat(etag(path)).isEqualTo(before);
    }

    /**
     * GET's ETag → PATCH with it applies and answers a new one; the old one again → 412, nothing
     * changed; {@code *} and a list holding the current one apply; a weak one never matches; a
     * malformed one is 400.
     */
    private void assertConditionalChanges(String path, String firstChange, String secondChange) {
        String original = etag(path);
        assertThat(original).matches(STRONG_TAG);

        Http.Response changed = platform.call("PATCH", path, firstChange, "If-Match", original);

        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        String current = changed.header("ETag").orElseThrow();
        assertThat(current).matches(STRONG_TAG).isNotEqualTo(original);
        assertThat(etag(path)).isEqualTo(current);
        String state = platform.get(path).body();

        Http.Response stale = platform.call("PATCH", path, secondChange, "If-Match", original);
        assertProblem(stale, 412);
        assertThat(stale.json().path("detail").asText()).contains("changed");
        assertThat(platform.get(path).body()).isEqualTo(state);

        assertProblem(platform.call("PATCH", path, secondChange, "If-Match", "W/" + current), 412);
        assertProblem(platform.call("PATCH", path, secondChange, "If-Match", "abc"), 400);
        assertProblem(platform.call("PATCH", path, secondChange, "If-Match", "\"unterminated"), 400);
        assertThat(platform.get(path).body()).isEqualTo(state);

        Http.Response listed = platform.call("PATCH", path, secondChange, "If-Match", "\"999999\", " + current);
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        Http.Response any = platform.call("PATCH", path, firstChange, "If-Match", "*");
        assertThat(any.status()).as(any.body()).isEqualTo(200);
        assertThat(any.header("ETag")).isEqualTo(platform.get(path).header("ETag"));
    }

    /** DELETE with a stale ETag → 412 and still there; with the current one → 204; then {@code *} → 404. */
    private void assertConditionalDelete(String path) {
        String current = etag(path);

        assertProblem(platform.call("DELETE", path, null, "If-Match", "\"987654\""), 412);
        assertThat(platform.get(path).status()).isEqualTo(200);
        assertThat(platform.call("DELETE", path, null, "If-Match", current).status()).isEqualTo(204);
        assertProblem(platform.call("DELETE", path, null, "If-Match", "*"), 404);
    }

    private String etag(String path) {
        Http.Response read = platform.get(path);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        return read.header("ETag").orElseThrow(() -> new AssertionError("no ETag on GET " + path));
    }

    private String tenantPath() {
        return "admin/tenants/" + tenant;
    }

    private String clients() {
        return tenantPath() + "/clients";
    }
}
