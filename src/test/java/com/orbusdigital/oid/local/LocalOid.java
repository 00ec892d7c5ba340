package com.orbusdigital.oid.local;

import com.orbusdigital.oid.testing.AdminClient;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.StandaloneTomcat;
import com.orbusdigital.oid.testing.TestPostgres;
import java.net.URI;
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

    /** Development only: a tenant to try the login page with. */
    static final String DEMO_USER = "demo";
    static final String DEMO_PASSWORD = "violet tractor mango lighthouse";
    static final String DEMO_CLIENT = "demo-app";
    static final String DEMO_REDIRECT = "http://localhost:8976/callback";
    static final SignInScenario.Pkce DEMO_PKCE = SignInScenario.Pkce.create();

    private LocalOid() {}

    /** The demo tenant, its user and a public client, once (the local database outlives restarts). */
    private static void seedDemo(URI base) {
        AdminClient admin = AdminClient.withToken(base, AdminClient.clientCredentialsToken(base, CLIENT_ID, CLIENT_SECRET));
        if (admin.get("admin/tenants/demo").status() == 200) {
            return;
        }
        admin.post("admin/tenants", "{\"slug\":\"demo\",\"name\":\"Demo\"}");
        admin.post("admin/tenants/demo/users", "{\"username\":\"" + DEMO_USER + "\",\"name\":\"Demo User\",\"email\":\"demo@example.com\","
                + "\"password\":\"" + DEMO_PASSWORD + "\"}");
        admin.post("admin/tenants/demo/clients", "{\"client_id\":\"" + DEMO_CLIENT + "\",\"name\":\"Demo App\",\"type\":\"public\","
                + "\"redirect_uris\":[\"" + DEMO_REDIRECT + "\"],\"grant_types\":[\"authorization_code\",\"refresh_token\"]}");
    }

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
        seedDemo(tomcat.base());
        SignInScenario.Pkce pkce = DEMO_PKCE;
        String authorize = issuer + "/authorize?response_type=code&client_id=" + DEMO_CLIENT + "&scope=openid%20profile%20email"
                + "&redirect_uri=" + DEMO_REDIRECT + "&state=local&code_challenge=" + pkce.challenge() + "&code_challenge_method=S256";
        System.out.printf("""

                ────────────────────────────────────────────────────────────────────────
                 OID is ready at %1$s   (PostgreSQL on 127.0.0.1:%2$d, events in memory)
                 Discovery:  %1$s/.well-known/openid-configuration
                 A token:    curl -s -u %3$s:%4$s -d grant_type=client_credentials %1$s/token
                 Sign in:    open %5$s
                             as %6$s / %7$s (tenant demo); the browser then lands on
                             %8$s?code=… (nothing listens there): copy the code and
                             curl -s -d grant_type=authorization_code -d client_id=%9$s -d redirect_uri=%8$s \\
                                  -d code_verifier=%10$s -d code=<code> %1$s/token
                 Ctrl-C stops Tomcat and PostgreSQL.
                ────────────────────────────────────────────────────────────────────────

                """, issuer, postgres.port(), CLIENT_ID, CLIENT_SECRET, authorize, DEMO_USER, DEMO_PASSWORD, DEMO_REDIRECT,
                DEMO_CLIENT, pkce.verifier());
        stopped.await();
    }
}
