package com.orbusdigital.oid.user;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import com.orbusdigital.oid.testing.AdminClient;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.StandaloneTomcat;
import com.orbusdigital.oid.testing.TestInfrastructure;
import com.orbusdigital.oid.testing.TestPostgres;
import com.orbusdigital.oid.testing.UserAgent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;

/**
 * Migration V10 on a database of the version before it, where "admin", "аdmin" (Cyrillic а) and
 * "ａｄｍｉｎ" (fullwidth) could all be stored: OID starts, gives the first of them the skeleton that
 * keeps new look-alikes out and warns about the others, and every one of them keeps its username and
 * signs in with what it always typed.
 */
class LookAlikeUsernamesUpgradeIT {

    private static final MigrationVersion V10 = MigrationVersion.fromVersion("10");
    private static final String REDIRECT = "https://app.example/callback";

    @Test
    void existingUsersKeepTheirNamesAndSignInWhileTheFirstOfLookAlikesKeepsNewOnesOut() throws Exception {
        try (TestPostgres postgres = TestPostgres.start(StandaloneTomcat.freePort())) {
            migrateToTheVersionBeforeV10(postgres);
            UUID tenant = UUID.randomUUID();
            execute(postgres, "INSERT INTO tenants (id, slug, name) VALUES (?, 'legacy', 'Legacy')", tenant);
            Instant start = Instant.parse("2026-01-01T00:00:00Z");
            UUID admin = user(postgres, tenant, "admin", start);
            UUID cyrillic = user(postgres, tenant, "\u0430dmin", start.plusSeconds(1));
            UUID fullwidth = user(postgres, tenant, "ａｄｍｉｎ", start.plusSeconds(2));
            UUID grace = user(postgres, tenant, "Grace", start.plusSeconds(3));

            try (StandaloneTomcat oid = new StandaloneTomcat("lookalike-upgrade", Map.of(
                    "DATABASE_URL", postgres.databaseUrl(),
                    "OID_BOOTSTRAP_CLIENT_ID", TestInfrastructure.BOOTSTRAP_CLIENT_ID,
                    "OID_BOOTSTRAP_CLIENT_SECRET", TestInfrastructure.BOOTSTRAP_CLIENT_SECRET))) {
                oid.environmentAlso("JWT_ISSUER", oid.issuer());
                oid.start();
                Http.awaitReady(oid.base(), Duration.ofSeconds(180));

                assertThat(skeleton(postgres, admin)).isEqualTo(Usernames.skeleton("admin"));
                assertThat(skeleton(postgres, grace)).isEqualTo(Usernames.skeleton("grace"));
                assertThat(skeleton(postgres, cyrillic)).isNull();
                assertThat(skeleton(postgres, fullwidth)).isNull();
                assertThat(oid.logLines()).anySatisfy(line -> assertThat(line)
                        .contains("2 user(s) created before look-alikes were refused").contains(cyrillic.toString())
                        .contains(fullwidth.toString()).doesNotContain(admin.toString()));

                AdminClient platform = AdminClient.platformAdmin(oid.base());
                String users = "admin/tenants/legacy/users";
                Http.Response dotless = platform.post(users, "{\"username\":\"adm\u0131n\"}");
                assertThat(dotless.status()).as(dotless.body()).isEqualTo(409);
                assertThat(dotless.json().path("detail").asText()).contains("too similar to an existing username");
                assertThat(platform.post(users, "{\"username\":\"GRACE\"}").status()).isEqualTo(409);
                assertThat(platform.get(users).json().path("items")).extracting(user -> user.path("username").asText())
                        .containsExactlyInAnyOrder("admin", "\u0430dmin", "ａｄｍｉｎ", "Grace");

                for (UUID id : new UUID[] {cyrillic, grace}) {
                    Http.Response set = platform.call("PUT", users + "/" + id + "/password",
                            "{\"password\":\"" + SignInScenario.PASSWORD + "\"}");
                    assertThat(set.status()).as(set.body()).isEqualTo(204);
                }
                Http.Response client = platform.post("admin/tenants/legacy/clients", "{\"name\":\"App\",\"type\":\"public\","
                        + "\"redirect_uris\":[\"" + REDIRECT + "\"],\"grant_types\":[\"authorization_code\"]}");
                assertThat(client.status()).as(client.body()).isEqualTo(201);
                String clientId = client.json().path("client_id").asText();

                assertThat(signedInSubject(oid, clientId, "\u0430dmin")).isEqualTo(cyrillic.toString());
                assertThat(signedInSubject(oid, clientId, "grace")).isEqualTo(grace.toString());
            }
        }
    }

    /** Every migration before V10, as a database of the previous version has them. */
    private static void migrateToTheVersionBeforeV10(TestPostgres postgres) {
        Flyway flyway = Flyway.configure()
                .dataSource("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + TestPostgres.DATABASE, TestPostgres.USER,
                        TestPostgres.PASSWORD)
                .schemas("oid")
                .createSchemas(true)
                .locations("classpath:db/migration")
                .load();
        MigrationVersion previous = Arrays.stream(flyway.info().all()).map(MigrationInfo::getVersion)
                .filter(version -> version.compareTo(V10) < 0)
                .max(MigrationVersion::compareTo).orElseThrow();
        Flyway.configure().configuration(flyway.getConfiguration()).target(previous).load().migrate();
    }

    private static UUID user(TestPostgres postgres, UUID tenant, String username, Instant createdAt) throws SQLException {
        UUID id = UUID.randomUUID();
        execute(postgres, "INSERT INTO users (id, tenant_id, username, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                id, tenant, username, Timestamp.from(createdAt), Timestamp.from(createdAt));
        return id;
    }

    private static void execute(TestPostgres postgres, String sql, Object... parameters) throws SQLException {
        try (Connection connection = postgres.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    private static String skeleton(TestPostgres postgres, UUID user) throws SQLException {
        try (Connection connection = postgres.connect();
             PreparedStatement query = connection.prepareStatement("SELECT username_skeleton FROM users WHERE id = ?")) {
            query.setObject(1, user);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getString(1);
            }
        }
    }

    /** A whole code flow of the legacy tenant's public client, signing in with {@code login}: the ID token's sub. */
    private static String signedInSubject(StandaloneTomcat oid, String clientId, String login) throws Exception {
        SignInScenario.Pkce pkce = SignInScenario.Pkce.create();
        Map<String, String> request = new LinkedHashMap<>();
        request.put("response_type", "code");
        request.put("client_id", clientId);
        request.put("redirect_uri", REDIRECT);
        request.put("scope", "openid");
        request.put("state", "s");
        request.put("code_challenge", pkce.challenge());
        request.put("code_challenge_method", "S256");
        UserAgent agent = new UserAgent();
        Http.Response page = agent.get(oid.base().resolve("authorize?" + UserAgent.encode(request)));
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        Http.Response redirect = agent.submit(page, Map.of("username", login, "password", SignInScenario.PASSWORD));
        assertThat(redirect.status()).as(redirect.body()).isEqualTo(303);
        String code = UserAgent.redirectParameters(redirect).get("code");
        Http.Response tokens = Http.postForm(oid.base().resolve("token"), UserAgent.encode(Map.of("grant_type", "authorization_code",
                "code", code, "redirect_uri", REDIRECT, "client_id", clientId, "code_verifier", pkce.verifier())));
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        return SignedJWT.parse(tokens.json().path("id_token").asText()).getJWTClaimsSet().getSubject();
    }
}
