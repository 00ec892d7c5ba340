package com.orbusdigital.oid.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.StandaloneTomcat;
import com.orbusdigital.oid.testing.TestPostgres;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The runbook's "connection refused" case, healed: started before PostgreSQL, OID still deploys,
 * logs one line per retry naming host:port, answers readiness 503 with the reason, and becomes
 * ready by itself once PostgreSQL is up — no restart.
 */
class DatabaseDownAtStartIT {

    @Test
    void deploysWithoutTheDatabaseAndBecomesReadyOnceItIsUp() throws Exception {
        TestPostgres postgres = TestPostgres.start(StandaloneTomcat.freePort());
        String address = "127.0.0.1:" + postgres.port();
        postgres.stop();
        try (StandaloneTomcat tomcat = new StandaloneTomcat("db-down", Map.of(
                "DATABASE_URL", postgres.databaseUrl(),
                "OID_BOOTSTRAP_CLIENT_ID", "db-down-admin",
                "OID_BOOTSTRAP_CLIENT_SECRET", "db-down-bootstrap-secret-0123456789abc"))) {
            tomcat.environmentAlso("JWT_ISSUER", tomcat.issuer());
            tomcat.start();

            String retry = tomcat.awaitLog("unavailable: connection refused; retrying in", Duration.ofSeconds(120));
            assertThat(retry).contains("PostgreSQL at " + address);
            awaitStatus(tomcat, "health", 200);
            Http.Response ready = Http.get(tomcat.base().resolve("health/ready"));
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().path("status").asText()).isEqualTo("DOWN");
            assertThat(ready.json().path("reason").asText()).contains(address).contains("connection refused");
            Http.Response token = Http.postForm(tomcat.base().resolve("token"), "grant_type=client_credentials",
                    "Authorization", Http.basic("db-down-admin", "db-down-bootstrap-secret-0123456789abc"));
            assertThat(token.status()).isEqualTo(503);
            assertThat(token.json().path("error").asText()).isEqualTo("temporarily_unavailable");
            // the admin API says the same in its own format, problem+json
            Http.Response admin = Http.get(tomcat.base().resolve("admin/tenants"), "Authorization", "Bearer not-yet-checkable");
            assertThat(admin.status()).isEqualTo(503);
            assertThat(admin.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(admin.header("Retry-After")).contains("5");
            // the discovery document needs no database
            assertThat(Http.get(tomcat.base().resolve(".well-known/openid-configuration")).status()).isEqualTo(200);

            postgres.startAgain();
            Http.awaitReady(tomcat.base(), Duration.ofSeconds(90));

            Http.Response issued = Http.postForm(tomcat.base().resolve("token"), "grant_type=client_credentials",
                    "Authorization", Http.basic("db-down-admin", "db-down-bootstrap-secret-0123456789abc"));
            assertThat(issued.status()).as(issued.body()).isEqualTo(200);
            assertThat(tomcat.logLines()).noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception in thread"));
        } finally {
            postgres.close();
        }
    }

    private static void awaitStatus(StandaloneTomcat tomcat, String path, int status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (Http.get(tomcat.base().resolve(path)).status() == status) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError(path + " never answered " + status);
    }
}
