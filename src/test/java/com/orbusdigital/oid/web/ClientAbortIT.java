package com.orbusdigital.oid.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.testing.AdminClient;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.RawHttp;
import com.orbusdigital.oid.testing.StandaloneTomcat;
import com.orbusdigital.oid.testing.TestInfrastructure;
import com.orbusdigital.oid.testing.TestPostgres;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Clients that hang up in the middle of an answer ({@code curl …/metrics | head}) on the container
 * image's Tomcat: each is one debug line with its request id, never a SEVERE line, a stack trace or
 * an "unexpected failure" — while a real unexpected failure is still logged, with its reference and
 * stack trace.
 */
class ClientAbortIT {

    private static final String CLIENT_ID = TestInfrastructure.BOOTSTRAP_CLIENT_ID;
    private static final String SECRET = TestInfrastructure.BOOTSTRAP_CLIENT_SECRET;
    private static final int HANG_UPS = 3;

    @Test
    void aClientHangingUpMidAnswerIsOneDebugLineAndARealFailureIsStillLoggedWithItsReference() throws Exception {
        try (TestPostgres postgres = TestPostgres.start(StandaloneTomcat.freePort());
             StandaloneTomcat tomcat = StandaloneTomcat.startOid("client-abort", Map.of(
                     "DATABASE_URL", postgres.databaseUrl(),
                     "LOG_LEVEL", "debug",
                     "OID_BOOTSTRAP_CLIENT_ID", CLIENT_ID,
                     "OID_BOOTSTRAP_CLIENT_SECRET", SECRET))) {
            String token = AdminClient.clientCredentialsToken(tomcat.base(), CLIENT_ID, SECRET);
            AdminClient admin = AdminClient.withToken(tomcat.base(), token);
            // answers far larger than the socket buffers between Tomcat and a client that stops reading:
            // an admin list of 200 users, and the metrics of traffic on many routes
            String tenant = admin.createTenant("abort");
            for (int i = 0; i < 200; i++) {
                assertThat(admin.post("admin/tenants/" + tenant + "/users", "{\"username\":\"user-" + i + "\",\"email\":\"user-" + i
                        + "@abort.example\",\"name\":\"A user with a rather long display name, number " + i + "\"}").status()).isEqualTo(201);
            }
            for (String route : List.of("admin/tenants", "admin/tenants/" + tenant, "admin/tenants/" + tenant + "/roles",
                    "admin/tenants/" + tenant + "/clients", "admin/keys", "admin/tenants/" + tenant + "/users/nobody")) {
                admin.get(route);
            }
            for (String route : List.of(".well-known/jwks.json", ".well-known/openid-configuration", "health", "health/ready",
                    "userinfo", "no-such-page")) {
                Http.get(tomcat.base().resolve(route));
            }
            for (String route : List.of("token", "introspect", "revoke")) {
                Http.postForm(tomcat.base().resolve(route), "token=x");
            }
            String users = "/admin/tenants/" + tenant + "/users?limit=200";
            assertThat(admin.get(users.substring(1)).body().length()).isGreaterThan(40_000);
            assertThat(Http.get(tomcat.base().resolve("metrics")).body().length()).isGreaterThan(40_000);
            int linesBefore = tomcat.logLines().size();

            // large answers, written while OID is still producing them, and small ones (JSON, a page)
            Map<String, RawHttp.Request> requests = new java.util.LinkedHashMap<>();
            for (int i = 0; i < HANG_UPS; i++) {
                requests.put("hang-up-metrics-" + i, RawHttp.Request.of("GET", "/metrics"));
                requests.put("hang-up-admin-" + i, RawHttp.Request.of("GET", users).withHeader("Authorization", "Bearer " + token));
            }
            requests.put("hang-up-jwks", RawHttp.Request.of("GET", "/.well-known/jwks.json"));
            requests.put("hang-up-discovery", RawHttp.Request.of("GET", "/.well-known/openid-configuration"));
            requests.put("hang-up-page", RawHttp.Request.of("GET", "/authorize?client_id=nobody"));
            requests.forEach((id, request) -> RawHttp.hangUp(tomcat.port(), request.withHeader("X-Request-Id", id)));
            for (String id : requests.keySet()) { // Tomcat has finished with each: its access log line is out
                tomcat.awaitLog(" " + id, Duration.ofSeconds(30));
            }
            List<String> after = tomcat.logLines().subList(linesBefore, tomcat.logLines().size());
            assertThat(after).as("no error, warning or stack trace for a client that hung up")
                    .noneSatisfy(line -> assertThat(line).containsAnyOf("SEVERE", "WARNING", "Exception", "\tat ", "Unexpected failure"));
            for (String id : requests.keySet()) {
                List<String> lines = after.stream().filter(line -> line.contains("[" + id + "]")).toList();
                if (id.startsWith("hang-up-metrics") || id.startsWith("hang-up-admin")) {
                    assertThat(lines).as("one debug line for %s", id).singleElement().asString()
                            .contains(" FINE ").contains("The client closed the connection before the answer was complete");
                } else {
                    // an answer that fits Tomcat's buffer is sent by Tomcat after OID is done; Tomcat says nothing either
                    assertThat(lines).as("nothing logged for %s", id).isEmpty();
                }
            }

            // a real failure: a table gone under OID is still logged, with the reference the 500 shows
            try (var connection = postgres.connect(); var statement = connection.createStatement()) {
                statement.execute("ALTER TABLE roles RENAME TO roles_gone");
            }
            Http.Response failed = admin.get("admin/tenants/" + tenant + "/roles");
            assertThat(failed.status()).isEqualTo(500);
            String reference = failed.header("X-Request-Id").orElseThrow();
            assertThat(failed.body()).contains("reference " + reference);
            String logged = tomcat.awaitLog("Unexpected failure " + reference, Duration.ofSeconds(10));
            assertThat(logged).contains("SEVERE");
            List<String> lines = tomcat.logLines();
            assertThat(lines.get(lines.indexOf(logged) + 1)).contains("Exception");
        }
    }
}
