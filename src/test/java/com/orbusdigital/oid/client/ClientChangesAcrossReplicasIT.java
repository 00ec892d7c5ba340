package com.orbusdigital.oid.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import com.orbusdigital.oid.testing.AdminClient;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.StandaloneTomcat;
import com.orbusdigital.oid.testing.TestInfrastructure;
import com.orbusdigital.oid.testing.TestPostgres;
import com.orbusdigital.oid.testing.UserAgent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Two replicas on one PostgreSQL, each keeping every client, and the users it has seen, in memory: a
 * change made through one replica's admin API — a client created, a role unassigned, the secret
 * rotated, the client disabled, a tenant-admin user's role unassigned — is in force on the other
 * within the documented bound (one poll of the change counters, 1 s; the test allows {@link #BOUND}
 * for a loaded machine), and on the replica that made it at once.
 */
class ClientChangesAcrossReplicasIT {

    private static final Duration BOUND = Duration.ofSeconds(5);
    /** The suite's bootstrap client, so that {@link SignInScenario} provisions through it. */
    private static final String ADMIN = TestInfrastructure.BOOTSTRAP_CLIENT_ID;
    private static final String ADMIN_SECRET = TestInfrastructure.BOOTSTRAP_CLIENT_SECRET;

    @Test
    void aChangeThroughOneReplicaIsInForceOnTheOtherWithinOnePoll() throws Exception {
        try (TestPostgres postgres = TestPostgres.start(StandaloneTomcat.freePort());
             StandaloneTomcat a = replica("replica-a", postgres);
             StandaloneTomcat b = replica("replica-b", postgres)) {
            // one issuer for both, as behind a load balancer: each accepts the other's tokens
            b.environmentAlso("JWT_ISSUER", a.issuer());
            a.start();
            b.start();
            Http.awaitReady(a.base(), Duration.ofSeconds(180));
            Http.awaitReady(b.base(), Duration.ofSeconds(180));
            AdminClient admin = AdminClient.withToken(a.base(), AdminClient.clientCredentialsToken(a.base(), ADMIN, ADMIN_SECRET));
            String tenant = admin.createTenant("replicas");
            JsonNode created = admin.createServiceClient(tenant, "reader", "writer");
            String clientId = created.path("client_id").asText();
            String secret = created.path("client_secret").asText();
            String path = "admin/tenants/" + tenant + "/clients/" + clientId;
            // B learns of the new client from the change counter
            within(BOUND, "B knows the new client", () -> request(b, clientId, secret).status() == 200);
            assertThat(roles(token(b, clientId, secret))).containsExactly("reader", "writer");
            assertThat(roles(token(b, clientId, secret))).containsExactly("reader", "writer");

            assertThat(admin.delete(path + "/roles/writer").status()).isEqualTo(204);
            assertThat(roles(token(a, clientId, secret))).containsExactly("reader");
            within(BOUND, "the unassigned role leaves B's tokens", () -> roles(token(b, clientId, secret)).equals(List.of("reader")));

            Http.Response rotated = admin.post(path + "/secret", null);
            assertThat(rotated.status()).isEqualTo(200);
            String newSecret = rotated.json().path("client_secret").asText();
            assertThat(request(a, clientId, secret).status()).isEqualTo(401);
            within(BOUND, "B refuses the old secret", () -> request(b, clientId, secret).status() == 401);
            assertThat(request(b, clientId, newSecret).status()).isEqualTo(200);

            assertThat(admin.patch(path, "{\"enabled\":false}").status()).isEqualTo(200);
            assertThat(request(a, clientId, newSecret).status()).isEqualTo(401);
            within(BOUND, "B refuses the disabled client", () -> request(b, clientId, newSecret).status() == 401);
            Http.Response refused = request(b, clientId, newSecret);
            assertThat(refused.json().path("error").asText()).isEqualTo("invalid_client");

            // a tenant-admin user signed in through A, whose token B accepts on the admin API
            SignInScenario scenario = SignInScenario.create(a.base(), a.issuer(), "https://app.example/callback", "public", "");
            String userPath = "admin/tenants/" + scenario.tenant + "/users/" + scenario.userId;
            assertThat(admin.put(userPath + "/roles/tenant-admin").status()).isEqualTo(204);
            String userToken = scenario.signedIn(new UserAgent()).path("access_token").asText();
            AdminClient userOnA = AdminClient.withToken(a.base(), userToken);
            AdminClient userOnB = AdminClient.withToken(b.base(), userToken);
            within(BOUND, "B knows the new client and accepts the user's token",
                    () -> userOnB.get("admin/tenants/" + scenario.tenant).status() == 200);
            assertThat(userOnB.get("admin/tenants/" + scenario.tenant).status()).isEqualTo(200);

            assertThat(admin.delete(userPath + "/roles/tenant-admin").status()).isEqualTo(204);
            assertThat(userOnA.get("admin/tenants/" + scenario.tenant).status()).isEqualTo(403);
            within(BOUND, "B refuses the user's token once tenant-admin is unassigned",
                    () -> userOnB.get("admin/tenants/" + scenario.tenant).status() == 403);

            assertThat(a.logLines()).noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception in thread"));
            assertThat(b.logLines()).noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception in thread"));
        }
    }

    private static StandaloneTomcat replica(String name, TestPostgres postgres) throws Exception {
        StandaloneTomcat tomcat = new StandaloneTomcat(name, Map.of(
                "DATABASE_URL", postgres.databaseUrl(),
                "OID_BOOTSTRAP_CLIENT_ID", ADMIN,
                "OID_BOOTSTRAP_CLIENT_SECRET", ADMIN_SECRET,
                // the test polls the token endpoint from one address
                "RATE_LIMIT_PER_MINUTE", "1000000"));
        tomcat.environmentAlso("JWT_ISSUER", tomcat.issuer());
        return tomcat;
    }

    private static Http.Response request(StandaloneTomcat replica, String clientId, String secret) {
        return Http.postForm(replica.base().resolve("token"), "grant_type=client_credentials",
                "Authorization", Http.basic(clientId, secret));
    }

    private static String token(StandaloneTomcat replica, String clientId, String secret) {
        Http.Response response = request(replica, clientId, secret);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().path("access_token").asText();
    }

    private static List<String> roles(String token) {
        try {
            return SignedJWT.parse(token).getJWTClaimsSet().getStringListClaim("roles");
        } catch (java.text.ParseException e) {
            throw new AssertionError("not a JWT", e);
        }
    }

    /** Asks until the condition holds; fails when it still does not after {@code bound}. */
    private static void within(Duration bound, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + bound.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }
}
