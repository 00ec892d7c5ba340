package com.orbusdigital.oid.local;

import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.StandaloneTomcat;
import com.orbusdigital.oid.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code mvn -Prun package}: OID on this machine with nothing installed but a JDK and Maven. A real
 * PostgreSQL 17 (embedded, data kept in target/local-postgres until {@code mvn clean}), the real
 * Tomcat 10.1 with the container image's configuration, events on the in-memory bus. Ctrl-C stops
 * everything.
 */
public final class LocalOid {

    /** Development only: the platform tenant's administrator client, seeded by OID's bootstrap. */
    static final String CLIENT_ID = "local-admin";
    static final String CLIENT_SECRET = "local-development-secret-not-for-production";

    private LocalOid() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        String issuer = "http://localhost:" + port;

        TestPostgres postgres = TestPostgres.start(StandaloneTomcat.freePort(), Path.of("target/local-postgres"));
        StandaloneTomcat tomcat = new StandaloneTomcat(Path.of("target/local-tomcat"), port, Map.of(
                "DATABASE_URL", postgres.databaseUrl(),
                "JWT_ISSUER", issuer,
                "ODS_ENV", "development",
                "CORS_ALLOWED_ORIGINS", "http://localhost:3000,http://localhost:5173",
                "OID_BOOTSTRAP_CLIENT_ID", CLIENT_ID,
                "OID_BOOTSTRAP_CLIENT_SECRET", CLIENT_SECRET), true);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                tomcat.stop();
                postgres.close();
            } catch (Exception e) {
                System.err.println("Stopping failed: " + e);
            } finally {
                stopped.countDown();
            }
        }, "local-oid-stop"));

        tomcat.start();
        Http.awaitReady(tomcat.base(), Duration.ofSeconds(180));
        System.out.printf("""

                ────────────────────────────────────────────────────────────────────────
                 OID is ready at %1$s   (PostgreSQL on 127.0.0.1:%2$d, events in memory)
                 Discovery:  %1$s/.well-known/openid-configuration
                 A token:    curl -s -u %3$s:%4$s -d grant_type=client_credentials %1$s/token
                 Ctrl-C stops Tomcat and PostgreSQL.
                ────────────────────────────────────────────────────────────────────────

                """, issuer, postgres.port(), CLIENT_ID, CLIENT_SECRET);
        stopped.await();
    }
}
