package com.orbusdigital.oid.user;

import static com.orbusdigital.oid.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbusdigital.oid.testing.AdminClient;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.TestInfrastructure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /admin/tenants/{tenant}/users: uniqueness per tenant, search, the password policy, storage as Argon2id. */
@OidIT
class UserAdminIT {

    private static final String GOOD_PASSWORD = "violet tractor mango lighthouse";

    private RunningOid oid;

    private AdminClient platform;
    private String tenant;

    @BeforeEach
    void tenant() throws Exception {
        platform = oid.platformAdmin();
        tenant = platform.createTenant("us");
    }

    private String users() {
        return "admin/tenants/" + tenant + "/users";
    }

    private JsonNode create(String username, String email) {
        Http.Response response = platform.post(users(),
                "{\"username\":\"" + username + "\",\"email\":\"" + email + "\",\"name\":\"Ada Lovelace\",\"password\":\"" + GOOD_PASSWORD + "\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    @Test
    void aUserIsCreatedWithAnArgon2idHashThatNeverLeavesTheServer() throws Exception {
        JsonNode user = create("ada", "ada@example.com");

        assertThat(user.path("username").asText()).isEqualTo("ada");
        assertThat(user.path("has_password").asBoolean()).isTrue();
        assertThat(user.toString()).doesNotContain(GOOD_PASSWORD).doesNotContain("argon2");
        assertThat(platform.get(users() + "/" + user.path("id").asText()).body()).doesNotContain("argon2");
        try (Connection connection = TestInfrastructure.postgres().connect();
             PreparedStatement query = connection.prepareStatement("SELECT password_hash FROM users WHERE id = ?")) {
            query.setObject(1, UUID.fromString(user.path("id").asText()));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                assertThat(rows.getString(1)).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain(GOOD_PASSWORD);
            }
        }
    }

    @Test
    void usernamesAndEmailsAreUniquePerTenantCaseInsensitivelyButNotAcrossTenants() {
        create("grace", "grace@example.com");

        assertProblem(platform.post(users(), "{\"username\":\"GRACE\"}"), 409);
        assertProblem(platform.post(users(), "{\"username\":\"other\",\"email\":\"Grace@Example.com\"}"), 409);

        String otherTenant = platform.createTenant("us2");
        Http.Response elsewhere = platform.post("admin/tenants/" + otherTenant + "/users", "{\"username\":\"grace\",\"email\":\"grace@example.com\"}");
        assertThat(elsewhere.status()).as(elsewhere.body()).isEqualTo(201);
    }

    @Test
    void theListIsSearchableAndPaginated() {
        create("alan", "alan@turing.example");
        create("alonzo", "alonzo@church.example");
        create("kurt", "kurt@goedel.example");

        JsonNode found = platform.get(users() + "?q=AL").json();
        assertThat(found.path("items")).extracting(u -> u.path("username").asText()).containsExactly("alan", "alonzo");
        assertThat(found.path("total").asLong()).isEqualTo(2);
        JsonNode page = platform.get(users() + "?limit=1&offset=1").json();
        assertThat(page.path("items")).extracting(u -> u.path("username").asText()).containsExactly("alonzo");
        assertThat(page.path("total").asLong()).isEqualTo(3);
        assertThat(platform.get(users() + "?q=%25").json().path("total").asLong()).isZero();
    }

    @Test
    void weakPasswordsAreRefusedWithTheRuleAndNoChange() {
        JsonNode user = create("barbara", "barbara@example.com");
        String path = users() + "/" + user.path("id").asText() + "/password";

        for (String weak : new String[] {"short", "password1", "barbara-barbara"}) {
            Http.Response response = platform.call("PUT", path, "{\"password\":\"" + weak + "\"}");
            assertProblem(response, 400);
            assertThat(response.json().path("errors").path("password").asText()).isNotBlank().doesNotContain(weak);
        }
        // NIST: at least 64 characters must be allowed
        String long64 = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
        assertThat(long64).hasSize(64);
        Http.Response accepted = platform.call("PUT", path, "{\"password\":\"" + long64 + "\"}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(204);
        assertProblem(platform.post(users(), "{\"username\":\"weak\",\"password\":\"12345678\"}"), 400);
        assertThat(platform.get(users() + "?q=weak").json().path("total").asLong()).isZero();
    }

    @Test
    void usersMoveInWithTheirExistingBcryptOrPbkdf2HashButNeverAnUnknownOne() throws Exception {
        String bcrypt = org.bouncycastle.crypto.generators.OpenBSDBCrypt.generate("2b",
                "from the old system".getBytes(java.nio.charset.StandardCharsets.UTF_8), "0123456789abcdef".getBytes(), 4);
        Http.Response imported = platform.post(users(), "{\"username\":\"legacy\",\"password_hash\":\"" + bcrypt + "\"}");

        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        assertThat(imported.json().path("has_password").asBoolean()).isTrue();
        assertThat(imported.body()).doesNotContain(bcrypt);
        try (Connection connection = TestInfrastructure.postgres().connect();
             PreparedStatement query = connection.prepareStatement("SELECT password_hash FROM users WHERE id = ?")) {
            query.setObject(1, UUID.fromString(imported.json().path("id").asText()));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                assertThat(rows.getString(1)).isEqualTo(bcrypt);
            }
        }
        assertProblem(platform.post(users(), "{\"username\":\"md5user\",\"password_hash\":\"5f4dcc3b5aa765d61d8327deb882cf99\"}"), 400);
        assertProblem(platform.post(users(), "{\"username\":\"both\",\"password\":\"" + GOOD_PASSWORD + "\",\"password_hash\":\"" + bcrypt + "\"}"), 400);
    }

    @Test
    void updatesDisableDeleteAndRolesWork() {
        JsonNode user = create("edsger", "edsger@example.com");
        String path = users() + "/" + user.path("id").asText();
        platform.post("admin/tenants/" + tenant + "/roles", "{\"name\":\"reviewer\"}");

        JsonNode patched = platform.patch(path, "{\"name\":\"E. W. Dijkstra\",\"enabled\":false,\"email_verified\":true}").json();
        assertThat(patched.path("name").asText()).isEqualTo("E. W. Dijkstra");
        assertThat(patched.path("enabled").asBoolean()).isFalse();
        assertThat(patched.path("email_verified").asBoolean()).isTrue();

        assertThat(platform.put(path + "/roles/reviewer").status()).isEqualTo(204);
        assertThat(platform.get(path + "/roles").json()).extracting(r -> r.path("name").asText()).containsExactly("reviewer");
        assertThat(platform.delete(path + "/roles/reviewer").status()).isEqualTo(204);
        assertThat(platform.get(path + "/roles").json()).isEmpty();

        assertThat(platform.delete(path).status()).isEqualTo(204);
        assertProblem(platform.get(path), 404);
        assertProblem(platform.get(users() + "/not-a-uuid"), 404);
    }
}
