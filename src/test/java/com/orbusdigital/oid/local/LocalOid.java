package com.orbusdigital.oid.local;

import com.orbusdigital.oid.testing.AdminClient;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.StandaloneTomcat;
import com.orbusdigital.oid.testing.TestPostgres;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code mvn -Prun package}: OID on this machine with nothing installed but a JDK and Maven. A real
 * PostgreSQL 17 (embedded, data kept in target/local-postgres until {@code mvn clean}), the real
 * Tomcat 10.1 with the container image's configuration, events on the in-memory bus, and the demo
 * client's redirect URI ({@link DemoCallback}). Before its banner it prints one line; Tomcat's log
 * follows below the banner. Ctrl-C stops everything.
 */
public final class LocalOid {

    /** Development only: the platform tenant's administrator client, seeded by OID's bootstrap. */
    static final String CLIENT_ID = "local-admin";
    static final String CLIENT_SECRET = "local-development-secret-not-for-production";

    /** Development only: a tenant to try the login page with. */
    static final String DEMO_USER = "demo";
    static final String DEMO_PASSWORD = "violet tractor mango lighthouse";
    static final String DEMO_CLIENT = "demo-app";
    /** The demo client's redirect URI is served here ({@link DemoCallback}), or at a free port when this one is taken. */
    static final int DEMO_CALLBACK_PORT = 8976;
    static final String DEMO_STATE = "local";

    /** java.util.logging in this JVM: the embedded PostgreSQL narrates initdb and its start there at INFO. */
    private static final Logger ROOT_LOGGER = Logger.getLogger("");

    private LocalOid() {}

    /**
     * The demo tenant, its user and a public client, once (the local database outlives restarts);
     * the client's redirect URI follows the port the callback got.
     */
    private static void seedDemo(URI base, String redirectUri) {
        AdminClient admin = AdminClient.withToken(base, AdminClient.clientCredentialsToken(base, CLIENT_ID, CLIENT_SECRET));
        String client = "admin/tenants/demo/clients/" + DEMO_CLIENT;
        if (admin.get("admin/tenants/demo").status() == 200) {
            if (!admin.get(client).json().path("redirect_uris").toString().contains("\"" + redirectUri + "\"")) {
                admin.patch(client, "{\"redirect_uris\":[\"" + redirectUri + "\"]}");
            }
            return;
        }
        admin.post("admin/tenants", "{\"slug\":\"demo\",\"name\":\"Demo\"}");
        admin.post("admin/tenants/demo/users", "{\"username\":\"" + DEMO_USER + "\",\"name\":\"Demo User\",\"email\":\"demo@example.com\","
                + "\"password\":\"" + DEMO_PASSWORD + "\"}");
        admin.post("admin/tenants/demo/clients", "{\"client_id\":\"" + DEMO_CLIENT + "\",\"name\":\"Demo App\",\"type\":\"public\","
                + "\"redirect_uris\":[\"" + redirectUri + "\"],\"grant_types\":[\"authorization_code\",\"refresh_token\"]}");
    }

    public static void main(String[] args) throws Exception {
        ROOT_LOGGER.setLevel(Level.WARNING);
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        String issuer = "http://localhost:" + port;
        Path tomcatBase = Path.of("target/local-tomcat");
        System.out.printf("%nStarting PostgreSQL (data in target/local-postgres) and Tomcat with OID (log in %s); "
                + "this takes a minute or two…%n", tomcatBase.resolve("logs/console.log"));

        TestPostgres postgres = TestPostgres.start(StandaloneTomcat.freePort(), Path.of("target/local-postgres"));
        StandaloneTomcat tomcat = new StandaloneTomcat(tomcatBase, port, Map.of(
                "DATABASE_URL", postgres.databaseUrl(),
                "JWT_ISSUER", issuer,
                "ODS_ENV", "development",
                "CORS_ALLOWED_ORIGINS", "http://localhost:3000,http://localhost:5173",
                "OID_BOOTSTRAP_CLIENT_ID", CLIENT_ID,
                "OID_BOOTSTRAP_CLIENT_SECRET", CLIENT_SECRET), true);
        DemoCallback callback = DemoCallback.listen(DEMO_CALLBACK_PORT);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                callback.close();
                tomcat.stop();
                postgres.close();
            } catch (Exception e) {
                System.err.println("Stopping failed: " + e);
            } finally {
                stopped.countDown();
            }
        }, "local-oid-stop"));

        tomcat.start();
        try {
            Http.awaitReady(tomcat.base(), Duration.ofSeconds(300));
        } catch (AssertionError notReady) {
            List<String> log = tomcat.logLines();
            System.err.println(String.join("\n", log.subList(Math.max(0, log.size() - 60), log.size())));
            System.err.println("\nOID did not get ready: " + notReady.getMessage() + "\n(the whole log: " + tomcat.log() + ")");
            System.exit(1);
        }
        String redirectUri = callback.redirectUri();
        seedDemo(tomcat.base(), redirectUri);
        SignInScenario.Pkce pkce = SignInScenario.Pkce.create();
        String authorize = issuer + "/authorize?response_type=code&client_id=" + DEMO_CLIENT + "&scope=openid%20profile%20email"
                + "&redirect_uri=" + redirectUri + "&state=" + DEMO_STATE + "&code_challenge=" + pkce.challenge() + "&code_challenge_method=S256";
        callback.serve(new DemoCallback.Client(issuer, DEMO_CLIENT, redirectUri, DEMO_STATE, pkce.verifier(), authorize));
        System.out.printf("""

                ────────────────────────────────────────────────────────────────────────
                 OID is ready at %1$s   (PostgreSQL on 127.0.0.1:%2$d, events in memory)
                 Discovery:  %1$s/.well-known/openid-configuration
                 A token:    curl -s -u %3$s:%4$s -d grant_type=client_credentials %1$s/token
                 Sign in:    open %5$s
                             as %6$s / %7$s (tenant demo); the demo app at %8$s
                             then exchanges the code and shows the tokens, userinfo and the curl to do it by hand.
                 Tomcat's log follows below (all of it: %9$s).
                 Ctrl-C stops Tomcat and PostgreSQL.
                ────────────────────────────────────────────────────────────────────────

                """, issuer, postgres.port(), CLIENT_ID, CLIENT_SECRET, authorize, DEMO_USER, DEMO_PASSWORD, redirectUri, tomcat.log());
        tomcat.followLog(System.out);
        stopped.await();
    }
}
