package com.orbusdigital.oid.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbusdigital.oid.testing.Problems;
import com.orbusdigital.oid.testing.AdminClient;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.UserAgent;
import java.net.URI;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Authority ends when it is taken away: an admin token is worth what its holder is allowed now, not
 * what its {@code roles} claim said when it was issued. A holder that no longer holds an admin role
 * gets 403 on the very next request; a holder that is disabled or gone makes the token itself
 * invalid (401 {@code invalid_token}).
 */
@OidIT
class AdminAuthorityIT {

    private RunningOid oid;

    private URI base;
    private AdminClient platform;

    @BeforeEach
    void ready() throws Exception {
        base = oid.root();
        platform = oid.platformAdmin();
    }

    /** A tenant-admin client of a new tenant: its tenant's slug, its client_id and a token it holds. */
    private record AdminHolder(String tenant, String clientId, AdminClient admin) {}

    private AdminHolder tenantAdminClient() {
        String tenant = platform.createTenant("authority");
        JsonNode client = platform.createServiceClient(tenant, "tenant-admin");
        String clientId = client.path("client_id").asText();
        AdminClient admin = AdminClient.withToken(base,
                AdminClient.clientCredentialsToken(base, clientId, client.path("client_secret").asText()));
        assertThat(admin.get("admin/tenants/" + tenant).status()).isEqualTo(200);
        return new AdminHolder(tenant, clientId, admin);
    }

    /** A user holding tenant-admin, signed in through a client of their tenant, and the admin API as their token sees it. */
    private record AdminUser(SignInScenario scenario, AdminClient admin) {
        String path() {
            return "admin/tenants/" + scenario.tenant + "/users/" + scenario.userId;
        }
    }

    private AdminUser tenantAdminUser() throws Exception {
        SignInScenario scenario = SignInScenario.create(base, System.getProperty("oid.it.issuer"),
                "https://app.example/callback", "public", "");
        assertThat(platform.put("admin/tenants/" + scenario.tenant + "/users/" + scenario.userId + "/roles/tenant-admin").status())
                .isEqualTo(204);
        AdminClient admin = AdminClient.withToken(base, scenario.signedIn(new UserAgent()).path("access_token").asText());
        assertThat(admin.get("admin/tenants/" + scenario.tenant).status()).isEqualTo(200);
        return new AdminUser(scenario, admin);
    }

    private static void assertForbidden(Http.Response response) {
        Problems.assertProblem(response, 403);
    }

    private static void assertInvalidToken(Http.Response response) {
        Problems.assertProblem(response, 401);
        assertThat(response.header("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Bearer").contains("error=\"invalid_token\""));
    }

    @Test
    void aClientsTokenIsForbiddenAtTheNextRequestOnceTenantAdminIsUnassigned() {
        AdminHolder holder = tenantAdminClient();

        assertThat(platform.delete("admin/tenants/" + holder.tenant() + "/clients/" + holder.clientId() + "/roles/tenant-admin")
                .status()).isEqualTo(204);

        assertForbidden(holder.admin().get("admin/tenants/" + holder.tenant()));
        assertForbidden(holder.admin().get("admin/tenants/" + holder.tenant() + "/clients"));
    }

    @Test
    void aClientsTokenIsInvalidAtTheNextRequestOnceTheClientIsDisabled() {
        AdminHolder holder = tenantAdminClient();

        assertThat(platform.patch("admin/tenants/" + holder.tenant() + "/clients/" + holder.clientId(), "{\"enabled\":false}")
                .status()).isEqualTo(200);

        assertInvalidToken(holder.admin().get("admin/tenants/" + holder.tenant()));
    }

    @Test
    void aClientsTokenIsInvalidAtTheNextRequestOnceTheClientIsDeleted() {
        AdminHolder holder = tenantAdminClient();

        assertThat(platform.delete("admin/tenants/" + holder.tenant() + "/clients/" + holder.clientId()).status()).isEqualTo(204);

        assertInvalidToken(holder.admin().get("admin/tenants/" + holder.tenant()));
    }

    @Test
    void aClientsTokenIsInvalidOnceItsTenantIsDisabled() {
        AdminHolder holder = tenantAdminClient();

        assertThat(platform.patch("admin/tenants/" + holder.tenant(), "{\"enabled\":false}").status()).isEqualTo(200);

        assertInvalidToken(holder.admin().get("admin/tenants/" + holder.tenant()));
    }

    @Test
    void aUsersTokenIsForbiddenAtTheNextRequestOnceTenantAdminIsUnassigned() throws Exception {
        AdminUser user = tenantAdminUser();

        assertThat(platform.delete(user.path() + "/roles/tenant-admin").status()).isEqualTo(204);

        assertForbidden(user.admin().get("admin/tenants/" + user.scenario().tenant));
    }

    @Test
    void aUsersTokenIsInvalidAtTheNextRequestOnceTheUserIsDisabled() throws Exception {
        AdminUser user = tenantAdminUser();

        assertThat(platform.patch(user.path(), "{\"enabled\":false}").status()).isEqualTo(200);

        assertInvalidToken(user.admin().get("admin/tenants/" + user.scenario().tenant));
    }

    @Test
    void aUsersTokenIsInvalidAtTheNextRequestOnceTheUserIsDeleted() throws Exception {
        AdminUser user = tenantAdminUser();

        assertThat(platform.delete(user.path()).status()).isEqualTo(204);

        assertInvalidToken(user.admin().get("admin/tenants/" + user.scenario().tenant));
    }

    @Test
    void aUsersTokenIsInvalidOnceTheClientItWasIssuedToIsDisabled() throws Exception {
        AdminUser user = tenantAdminUser();

        assertThat(platform.patch("admin/tenants/" + user.scenario().tenant + "/clients/" + user.scenario().clientId,
                "{\"enabled\":false}").status()).isEqualTo(200);

        assertInvalidToken(user.admin().get("admin/tenants/" + user.scenario().tenant));
    }

    @Test
    void aRoleGivenBackRestoresTheSameToken() {
        AdminHolder holder = tenantAdminClient();
        String roles = "admin/tenants/" + holder.tenant() + "/clients/" + holder.clientId() + "/roles/tenant-admin";
        assertThat(platform.delete(roles).status()).isEqualTo(204);
        assertForbidden(holder.admin().get("admin/tenants/" + holder.tenant()));

        assertThat(platform.put(roles).status()).isEqualTo(204);

        assertThat(holder.admin().get("admin/tenants/" + holder.tenant()).status()).isEqualTo(200);
    }
}
