package com.orbusdigital.oid.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import com.orbusdigital.oid.testing.AdminClient;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.StandaloneTomcat;
import com.orbusdigital.oid.testing.TestPostgres;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL lost under load, then back, behind one running OID: what needs the database answers
 * 503 with Retry-After without hanging (the pool waits OID_DB_POOL_TIMEOUT_MS, 1 s, for a
 * connection; a statement waits at most {@link Database#SOCKET_TIMEOUT} for a frozen server), what
 * does not — discovery, the JWKS, client_credentials (every client is kept in memory) — keeps answering
 * 200, readiness says why, and everything works again once PostgreSQL is back, without a restart.
 */
class DatabaseOutageIT {

    private static final String ADMIN = "outage-admin";
    private static final String ADMIN_SECRET = "outage-bootstrap-secret-0123456789abcdef";
    /** Generous, for a loaded machine: the point is no hang, not speed. */
    private static final long SLOWEST_MILLIS = 3_000;

    /** One kind of request and whether it needs PostgreSQL. */
    private record Kind(String name, boolean needsDatabase, Callable<Http.Response> send) {}

    private record Outcome(Kind kind, Http.Response response, long millis) {}

    private interface Scenario {
        void run() throws Exception;
    }

    private TestPostgres postgres;
    private StandaloneTomcat tomcat;
    private URI base;
    private AdminClient admin;
    private String seenBasic;
    private String unseenBasic;
    private Kind seen;
    private Kind unseen;
    private Kind codeExchange;
    private Kind refresh;
    private Kind adminGet;
    private List<Kind> load;

    @BeforeEach
    void oidWithItsOwnPostgres() throws Exception {
        postgres = TestPostgres.start(StandaloneTomcat.freePort());
        tomcat = new StandaloneTomcat("db-outage", Map.of(
                "DATABASE_URL", postgres.databaseUrl(),
                "OID_BOOTSTRAP_CLIENT_ID", ADMIN,
                "OID_BOOTSTRAP_CLIENT_SECRET", ADMIN_SECRET,
                // the load below comes from one address
                "RATE_LIMIT_PER_MINUTE", "1000000"));
        tomcat.environmentAlso("JWT_ISSUER", tomcat.issuer());
        tomcat.start();
        base = tomcat.base();
        Http.awaitReady(base, Duration.ofSeconds(180));
        admin = AdminClient.withToken(base, AdminClient.clientCredentialsToken(base, ADMIN, ADMIN_SECRET));
        String tenant = admin.createTenant("outage");
        Http.Response created = admin.post("admin/tenants/" + tenant + "/clients", """
                {"name":"Web and service","type":"confidential","scopes":["read"],
                 "grant_types":["client_credentials","authorization_code","refresh_token"],
                 "redirect_uris":["https://app.example/callback"]}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode seenClient = created.json();
        JsonNode unseenClient = admin.createServiceClient(tenant);
        seenBasic = Http.basic(seenClient.path("client_id").asText(), seenClient.path("client_secret").asText());
        unseenBasic = Http.basic(unseenClient.path("client_id").asText(), unseenClient.path("client_secret").asText());
        // the last change above reaches the change counter's poll within a second; after it, the seen client stays cached
        Thread.sleep(2_500);
        assertThat(clientCredentials(seenBasic).status()).isEqualTo(200);

        seen = new Kind("client_credentials of a seen client", false, () -> clientCredentials(seenBasic));
        // the load never uses this one: every client is in memory, so one never asked for gets tokens too
        unseen = new Kind("client_credentials of an unseen client", false, () -> clientCredentials(unseenBasic));
        codeExchange = new Kind("authorization_code exchange", true, () -> Http.postForm(base.resolve("token"),
                "grant_type=authorization_code&code=never-issued&redirect_uri=https%3A%2F%2Fapp.example%2Fcallback",
                "Authorization", seenBasic));
        refresh = new Kind("refresh", true, () -> Http.postForm(base.resolve("token"),
                "grant_type=refresh_token&refresh_token=never-issued", "Authorization", seenBasic));
        adminGet = new Kind("admin GET", true, () -> admin.get("admin/tenants/" + tenant));
        load = List.of(
                new Kind("discovery", false, () -> Http.get(base.resolve(".well-known/openid-configuration"))),
                new Kind("jwks", false, () -> Http.get(base.resolve(".well-known/jwks.json"))),
                seen,
                liveness(),
                codeExchange, refresh, adminGet);
    }

    @AfterEach
    void stopBoth() throws Exception {
        try {
            tomcat.close();
        } finally {
            postgres.close();
        }
    }

    @Test
    void aStoppedPostgresFailsWhatNeedsItFastWhileTheRestKeepsWorkingAndAllRecover() throws Exception {
        List<Outcome> outcomes = underLoad(() -> {
            Thread.sleep(1_000);
            postgres.stop();
            Thread.sleep(3_000); // the load goes on against the stopped database

            assertDuringTheOutage(SLOWEST_MILLIS);
            assertABrowserIsToldOnAPageInItsLanguage();

            // a burst of requests that need the database: every one answered, none left hanging,
            // and the server answers other requests meanwhile
            ExecutorService burst = Executors.newFixedThreadPool(40);
            try {
                List<Future<Outcome>> answers = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    answers.add(burst.submit(() -> send(adminGet)));
                }
                assertThat(send(liveness()).response().status()).isEqualTo(200);
                for (Future<Outcome> answer : answers) {
                    assertUnavailable(answer.get(SLOWEST_MILLIS * 2, TimeUnit.MILLISECONDS), SLOWEST_MILLIS);
                }
            } finally {
                burst.shutdownNow();
            }

            postgres.startAgain();
            Http.awaitReady(base, Duration.ofSeconds(60));
            Thread.sleep(1_000); // the load goes on against the recovered database
        });

        assertEveryOutcome(outcomes, SLOWEST_MILLIS);
        assertEverythingWorksAgain();
    }

    /**
     * A PostgreSQL that stops answering without closing its connections (SIGSTOP): a statement in
     * flight waits at most {@link Database#SOCKET_TIMEOUT}, every other request that needs the
     * database fails after the pool's timeout, and what needs none is not held up.
     */
    @Test
    void aFrozenPostgresHoldsNoRequestLongerThanTheSocketTimeout() throws Exception {
        long slowest = Database.SOCKET_TIMEOUT.toMillis() + SLOWEST_MILLIS;
        try {
            List<Outcome> outcomes = underLoad(() -> {
                Thread.sleep(1_000);
                postgres.freeze();
                // past the socket timeout: the connections in use when it froze have given up by now
                Thread.sleep(Database.SOCKET_TIMEOUT.toMillis() + 2_000);

                assertDuringTheOutage(slowest);

                postgres.thaw();
                Http.awaitReady(base, Duration.ofSeconds(60));
                Thread.sleep(1_000);
            });
            assertEveryOutcome(outcomes, slowest);
        } finally {
            postgres.thaw();
        }
        assertEverythingWorksAgain();
    }

    /** A person's browser gets the "briefly unavailable" page, 503 with Retry-After, in the language it asks for. */
    private void assertABrowserIsToldOnAPageInItsLanguage() {
        URI authorize = base.resolve("authorize?client_id=any-client&response_type=code");
        Http.Response english = Http.get(authorize);
        assertThat(english.status()).as(english.body()).isEqualTo(503);
        assertThat(english.header("Retry-After")).isPresent();
        assertThat(english.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(english.body()).contains("<html lang=\"en\">", "<h1>Sign-in is briefly unavailable</h1>",
                "Please try again in a few seconds.");
        Http.Response french = Http.get(authorize, "Accept-Language", "fr-FR,fr;q=0.9,en;q=0.5");
        assertThat(french.status()).as(french.body()).isEqualTo(503);
        assertThat(french.header("Retry-After")).isPresent();
        assertThat(french.body()).contains("<html lang=\"fr\">", "<title>La connexion est brièvement indisponible</title>",
                "<h1>La connexion est brièvement indisponible</h1>", "Veuillez réessayer dans quelques secondes.");
    }

    /** Runs the scenario while six threads keep sending the {@link #load} kinds; answers every outcome. */
    private List<Outcome> underLoad(Scenario scenario) throws Exception {
        List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean loading = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(6);
        List<Future<?>> workers = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        for (int w = 0; w < 6; w++) {
            int first = w;
            workers.add(threads.submit(() -> {
                for (int i = first; loading.get() && System.nanoTime() < deadline; i++) {
                    outcomes.add(send(load.get(i % load.size())));
                    Thread.sleep(20);
                }
                return null;
            }));
        }
        try {
            scenario.run();
        } finally {
            loading.set(false);
            threads.shutdown();
        }
        for (Future<?> worker : workers) {
            worker.get(60, TimeUnit.SECONDS);
        }
        assertThat(outcomes).hasSizeGreaterThan(load.size());
        return outcomes;
    }

    /** One request of each kind while PostgreSQL is gone, readiness, and a token verified against the JWKS. */
    private void assertDuringTheOutage(long slowest) throws Exception {
        // an unknown client_id is answered from memory as while PostgreSQL is up: no 503 tells it from a known one
        Http.Response unknown = clientCredentials(Http.basic("unknown-" + UUID.randomUUID(), "whatever"));
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(401);
        assertThat(unknown.json().path("error").asText()).isEqualTo("invalid_client");
        List<Kind> kinds = new ArrayList<>(load);
        kinds.add(unseen);
        for (Kind kind : kinds) {
            Outcome outcome = send(kind);
            if (kind.needsDatabase()) {
                assertUnavailable(outcome, slowest);
            } else {
                assertThat(outcome.response().status()).as(kind.name()).isEqualTo(200);
            }
        }
        Http.Response ready = Http.get(base.resolve("health/ready"));
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.json().path("reason").asText()).contains("PostgreSQL");

        // a token issued now is signed with the key held in memory and verifies against the JWKS served now
        String token = clientCredentials(seenBasic).json().path("access_token").asText();
        RSAKey key = JWKSet.parse(Http.get(base.resolve(".well-known/jwks.json")).body())
                .getKeyByKeyId(SignedJWT.parse(token).getHeader().getKeyID()).toRSAKey();
        assertThat(SignedJWT.parse(token).verify(new RSASSAVerifier(key))).isTrue();
    }

    /** No 5xx but a proper 503, none slower than {@code slowest}, and what needs no database always 200. */
    private static void assertEveryOutcome(List<Outcome> outcomes, long slowest) {
        for (Outcome outcome : outcomes) {
            int status = outcome.response().status();
            assertThat(outcome.millis()).as(outcome.kind().name() + " took too long").isLessThan(slowest);
            if (outcome.kind().needsDatabase() && status == 503) {
                assertUnavailable(outcome, slowest);
            } else {
                assertThat(status).as(outcome.kind().name() + ": " + outcome.response().body()).isLessThan(500);
            }
            if (!outcome.kind().needsDatabase()) {
                assertThat(status).as(outcome.kind().name()).isEqualTo(200);
            }
        }
        assertThat(outcomes).anyMatch(outcome -> outcome.response().status() == 503);
    }

    /** Every kind of request works again, without a restart, and nothing left a stack trace. */
    private void assertEverythingWorksAgain() throws Exception {
        assertThat(clientCredentials(unseenBasic).status()).isEqualTo(200);
        assertThat(send(adminGet).response().status()).isEqualTo(200);
        assertThat(send(codeExchange).response().json().path("error").asText()).isEqualTo("invalid_grant");
        assertThat(send(refresh).response().json().path("error").asText()).isEqualTo("invalid_grant");
        assertThat(send(seen).response().status()).isEqualTo(200);
        assertThat(Http.get(base.resolve("health/ready")).status()).isEqualTo(200);
        assertThat(tomcat.logLines()).noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception in thread"));
    }

    private Kind liveness() {
        return new Kind("liveness", false, () -> Http.get(base.resolve("health")));
    }

    private Http.Response clientCredentials(String basic) {
        return Http.postForm(base.resolve("token"), "grant_type=client_credentials", "Authorization", basic);
    }

    private static Outcome send(Kind kind) throws Exception {
        long started = System.nanoTime();
        Http.Response response = kind.send().call();
        return new Outcome(kind, response, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /** 503 with Retry-After in time: temporarily_unavailable on the token endpoint, a problem on the admin API. */
    private static void assertUnavailable(Outcome outcome, long slowest) {
        Http.Response response = outcome.response();
        assertThat(response.status()).as(outcome.kind().name() + ": " + response.body()).isEqualTo(503);
        assertThat(response.header("Retry-After")).as(outcome.kind().name()).isPresent();
        assertThat(outcome.millis()).as(outcome.kind().name() + " took too long").isLessThan(slowest);
        if (outcome.kind().name().startsWith("admin")) {
            assertThat(response.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        } else {
            assertThat(response.json().path("error").asText()).isEqualTo("temporarily_unavailable");
        }
    }
}
