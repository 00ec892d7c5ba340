package com.orbusdigital.oid.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbusdigital.oid.testing.AdminClient;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.StandaloneTomcat;
import com.orbusdigital.oid.testing.TestInfrastructure;
import com.orbusdigital.oid.testing.TestPostgres;
import com.orbusdigital.oid.testing.UserAgent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * bench/run's server side: PostgreSQL 17 (embedded, a fresh cluster in target/bench/postgres) and
 * the real Tomcat distribution with the container image's configuration and JVM options
 * (tomcat-config, setenv.sh), OID as ROOT; provisioned through the admin API like an operator would.
 * Writes what the load scenarios need as a shell-sourceable file, then serves until SIGTERM.
 *
 * <p>Production-like except where a benchmark must differ: {@code ODS_ENV=staging} (production
 * requires an https issuer; this is plain HTTP on loopback), {@code RATE_LIMIT_PER_MINUTE} at its
 * maximum (all load comes from 127.0.0.1), events on the in-memory bus (no broker here).
 */
public final class BenchServer {

    static final String PASSWORD = "violet tractor mango lighthouse";
    static final String REDIRECT_URI = "http://127.0.0.1:9/callback";

    private BenchServer() {}

    public static void main(String[] args) throws Exception {
        Path envFile = Path.of(args[0]);
        Path work = envFile.toAbsolutePath().getParent();
        int port = StandaloneTomcat.freePort();
        String issuer = "http://127.0.0.1:" + port;

        TestPostgres postgres = TestPostgres.start(StandaloneTomcat.freePort(), work.resolve("postgres"));
        StandaloneTomcat tomcat = new StandaloneTomcat(work.resolve("tomcat"), port, Map.of(
                "DATABASE_URL", postgres.databaseUrl(),
                "JWT_ISSUER", issuer,
                "ODS_ENV", "staging",
                "RATE_LIMIT_PER_MINUTE", "1000000",
                "OID_BOOTSTRAP_CLIENT_ID", TestInfrastructure.BOOTSTRAP_CLIENT_ID,
                "OID_BOOTSTRAP_CLIENT_SECRET", TestInfrastructure.BOOTSTRAP_CLIENT_SECRET,
                // unset or empty: setenv.sh's defaults, the container image's JVM options; set, e.g.
                // OID_JAVA_OPTS='-Xmx512m -XX:+UseParallelGC', to try others
                "OID_JAVA_OPTS", System.getenv().getOrDefault("OID_JAVA_OPTS", "")), false);
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
        }, "bench-stop"));

        long started = System.nanoTime();
        tomcat.start();
        URI base = tomcat.base();
        Http.awaitReady(base, Duration.ofSeconds(180));
        double readySeconds = (System.nanoTime() - started) / 1e9;

        AdminClient admin = AdminClient.platformAdmin(base);
        String tenant = admin.createTenant("bench");
        JsonNode service = admin.createServiceClient(tenant, "reader");
        require(admin.post("admin/tenants/" + tenant + "/users", "{\"username\":\"alice\",\"email\":\"alice@example.com\","
                + "\"name\":\"Alice\",\"password\":\"" + PASSWORD + "\"}"), 201);
        JsonNode app = require(admin.post("admin/tenants/" + tenant + "/clients", "{\"name\":\"Bench App\",\"type\":\"public\","
                + "\"redirect_uris\":[\"" + REDIRECT_URI + "\"],\"grant_types\":[\"authorization_code\",\"refresh_token\"]}"), 201).json();

        SignIn signIn = new SignIn(issuer, app.path("client_id").asText(), "alice", PASSWORD, REDIRECT_URI);
        String userToken = signIn.tokens(new UserAgent()).path("access_token").asText();

        String env = String.join("\n",
                "BASE=" + issuer,
                "TOMCAT_PID=" + tomcat.pid(),
                "READY_SECONDS=" + String.format(java.util.Locale.ROOT, "%.1f", readySeconds),
                "CC_CLIENT_ID=" + service.path("client_id").asText(),
                "CC_CLIENT_SECRET=" + service.path("client_secret").asText(),
                "PUBLIC_CLIENT_ID=" + signIn.clientId(),
                "USERNAME=alice",
                "PASSWORD='" + PASSWORD + "'",
                "REDIRECT_URI=" + REDIRECT_URI,
                "USER_ACCESS_TOKEN=" + userToken,
                "TOMCAT_LOG=" + tomcat.log(),
                "");
        Path partial = work.resolve(envFile.getFileName() + ".partial");
        Files.writeString(partial, env, StandardCharsets.UTF_8);
        Files.move(partial, envFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        System.out.printf("OID ready at %s after %.1f s (Tomcat pid %d, PostgreSQL on 127.0.0.1:%d)%n", issuer, readySeconds,
                tomcat.pid(), postgres.port());
        stopped.await();
    }

    private static Http.Response require(Http.Response response, int status) {
        if (response.status() != status) {
            throw new IllegalStateException("provisioning failed: expected " + status + ", got " + response.status() + " " + response.body());
        }
        return response;
    }
}
