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
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped under load, then started again, behind one running OID: what needs the database
 * answers 503 with Retry-After quickly (the pool waits OID_DB_POOL_TIMEOUT_MS, 1 s, for a connection,
 * never longer), what does not — discovery, the JWKS, client_credentials for a client seen before —
 * keeps answering 200, readiness says why, and everything works again once PostgreSQL is back,
 * without a restart.
 */
class DatabaseOutageIT {

    private static final String ADMIN = "outage-admin";
    private static final String ADMIN_SECRET = "outage-bootstrap-secret-0123456789abcdef";
    /** Generous, for a loaded machine: the point is no hang, not speed. */
    private static final long SLOWEST_MILLIS = 3_000;

    /** One kind of request and whether it needs PostgreSQL. */
    private record Kind(String name, boolean needsDatabase, Callable<Http.Response> send) {}

    private record Outcome(Kind kind, Http.Response response, long millis) {}

    @Test
    void requestsThatNeedPostgresFailFastWhileTheRestKeepsWorkingAndAllRecover() throws Exception {
        try (TestPostgres postgres = TestPostgres.start(StandaloneTomcat.freePort());
             StandaloneTomcat tomcat = new StandaloneTomcat("db-outage", Map.of(
                     "DATABASE_URL", postgres.databaseUrl(),
                     "OID_BOOTSTRAP_CLIENT_ID", ADMIN,
                     "OID_BOOTSTRAP_CLIENT_SECRET", ADMIN_SECRET,
                     // the load below comes from one address
                     "RATE_LIMIT_PER_MINUTE", "1000000"))) {
            tomcat.environmentAlso("JWT_ISSUER", tomcat.issuer());
            tomcat.start();
            URI base = tomcat.base();
            Http.awaitReady(base, Duration.ofSeconds(180));
            AdminClient admin = AdminClient.withToken(base, AdminClient.clientCredentialsToken(base, ADMIN, ADMIN_SECRET));
            String tenant = admin.createTenant("outage");
            Http.Response created = admin.post("admin/tenants/" + tenant + "/clients", """
                    {"name":"Web and service","type":"confidential","scopes":["read"],
                     "grant_types":["client_credentials","authorization_code","refresh_token"],
                     "redirect_uris":["https://app.example/callback"]}""");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            JsonNode seenClient = created.json();
            JsonNode unseenClient = admin.createServiceClient(tenant);
            String seenBasic = Http.basic(seenClient.path("client_id").asText(), seenClient.path("client_secret").asText());
            String unseenBasic = Http.basic(unseenClient.path("client_id").asText(), unseenClient.path("client_secret").asText());
            // the last change above reaches the change counter's poll within a second; after it, the seen client stays cached
            Thread.sleep(2_500);
            assertThat(clientCredentials(base, seenBasic).status()).isEqualTo(200);

            Kind codeExchange = new Kind("authorization_code exchange", true, () -> Http.postForm(base.resolve("token"),
                    "grant_type=authorization_code&code=never-issued&redirect_uri=https%3A%2F%2Fapp.example%2Fcallback",
                    "Authorization", seenBasic));
            Kind refresh = new Kind("refresh", true, () -> Http.postForm(base.resolve("token"),
                    "grant_type=refresh_token&refresh_token=never-issued", "Authorization", seenBasic));
            Kind adminGet = new Kind("admin GET", true, () -> admin.get("admin/tenants/" + tenant));
            List<Kind> kinds = List.of(
                    new Kind("discovery", false, () -> Http.get(base.resolve(".well-known/openid-configuration"))),
                    new Kind("jwks", false, () -> Http.get(base.resolve(".well-known/jwks.json"))),
                    new Kind("client_credentials of a seen client", false, () -> clientCredentials(base, seenBasic)),
                    liveness(base),
                    // a client_id never asked for before: each needs a lookup (401 while PostgreSQL is up)
                    new Kind("client_credentials of an unknown client", true, () -> clientCredentials(base,
                            Http.basic("unknown-" + UUID.randomUUID(), "whatever"))),
                    codeExchange, refresh, adminGet);

            List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean loading = new AtomicBoolean(true);
            ExecutorService load = Executors.newFixedThreadPool(6);
            List<Future<?>> workers = new ArrayList<>();
            long loadDeadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            for (int w = 0; w < 6; w++) {
                int first = w;
                workers.add(load.submit(() -> {
                    for (int i = first; loading.get() && System.nanoTime() < loadDeadline; i++) {
                        outcomes.add(send(kinds.get(i % kinds.size())));
                        Thread.sleep(20);
                    }
                    return null;
                }));
            }
            try {
                Thread.sleep(1_000);
                postgres.stop();
                Thread.sleep(3_000); // the load goes on against the stopped database

                // the load never used this one: it is not in the cache
                Kind unseen = new Kind("client_credentials of an unseen client", true, () -> clientCredentials(base, unseenBasic));
                for (Kind kind : concat(kinds, unseen)) {
                    Outcome outcome = send(kind);
                    if (kind.needsDatabase()) {
                        assertUnavailable(outcome);
                    } else {
                        assertThat(outcome.response().status()).as(kind.name()).isEqualTo(200);
                    }
                }
                Http.Response ready = Http.get(base.resolve("health/ready"));
                assertThat(ready.status()).isEqualTo(503);
                assertThat(ready.json().path("reason").asText()).contains("PostgreSQL");

                // a token issued now is signed with the key held in memory and verifies against the JWKS served now
                String token = clientCredentials(base, seenBasic).json().path("access_token").asText();
                RSAKey key = JWKSet.parse(Http.get(base.resolve(".well-known/jwks.json")).body())
                        .getKeyByKeyId(SignedJWT.parse(token).getHeader().getKeyID()).toRSAKey();
                assertThat(SignedJWT.parse(token).verify(new RSASSAVerifier(key))).isTrue();

                // a burst of requests that need the database: every one answered, none left hanging,
                // and the server answers other requests meanwhile
                ExecutorService burst = Executors.newFixedThreadPool(40);
                try {
                    List<Future<Outcome>> answers = new ArrayList<>();
                    for (int i = 0; i < 40; i++) {
                        answers.add(burst.submit(() -> send(adminGet)));
                    }
                    assertThat(send(liveness(base)).response().status()).isEqualTo(200);
                    for (Future<Outcome> answer : answers) {
                        assertUnavailable(answer.get(SLOWEST_MILLIS * 2, TimeUnit.MILLISECONDS));
                    }
                } finally {
                    burst.shutdownNow();
                }

                postgres.startAgain();
                Http.awaitReady(base, Duration.ofSeconds(60));
                Thread.sleep(1_000); // the load goes on against the recovered database
            } finally {
                loading.set(false);
                load.shutdown();
            }
            for (Future<?> worker : workers) {
                worker.get(60, TimeUnit.SECONDS);
            }

            assertThat(outcomes).hasSizeGreaterThan(kinds.size());
            for (Outcome outcome : outcomes) {
                int status = outcome.response().status();
                assertThat(outcome.millis()).as(outcome.kind().name() + " took too long").isLessThan(SLOWEST_MILLIS);
                if (outcome.kind().needsDatabase() && status == 503) {
                    assertUnavailable(outcome);
                } else {
                    assertThat(status).as(outcome.kind().name() + ": " + outcome.response().body()).isLessThan(500);
                }
                if (!outcome.kind().needsDatabase()) {
                    assertThat(status).as(outcome.kind().name()).isEqualTo(200);
                }
            }
            assertThat(outcomes).anyMatch(outcome -> outcome.response().status() == 503);

            // every kind of request works again, without a restart
            assertThat(clientCredentials(base, unseenBasic).status()).isEqualTo(200);
            assertThat(admin.get("admin/tenants/" + tenant).status()).isEqualTo(200);
            assertThat(send(codeExchange).response().json().path("error").asText()).isEqualTo("invalid_grant");
            assertThat(send(refresh).response().json().path("error").asText()).isEqualTo("invalid_grant");
            assertThat(clientCredentials(base, seenBasic).status()).isEqualTo(200);
            assertThat(tomcat.logLines()).noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception in thread"));
        }
    }

    private static Kind liveness(URI base) {
        return new Kind("liveness", false, () -> Http.get(base.resolve("health")));
    }

    private static List<Kind> concat(List<Kind> kinds, Kind another) {
        List<Kind> all = new ArrayList<>(kinds);
        all.add(another);
        return all;
    }

    private static Http.Response clientCredentials(URI base, String basic) {
        return Http.postForm(base.resolve("token"), "grant_type=client_credentials", "Authorization", basic);
    }

    private static Outcome send(Kind kind) throws Exception {
        long started = System.nanoTime();
        Http.Response response = kind.send().call();
        return new Outcome(kind, response, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /** 503 with Retry-After, quickly: temporarily_unavailable on the token endpoint, a problem on the admin API. */
    private static void assertUnavailable(Outcome outcome) {
        Http.Response response = outcome.response();
        assertThat(response.status()).as(outcome.kind().name() + ": " + response.body()).isEqualTo(503);
        assertThat(response.header("Retry-After")).as(outcome.kind().name()).isPresent();
        assertThat(outcome.millis()).as(outcome.kind().name() + " took too long").isLessThan(SLOWEST_MILLIS);
        if (outcome.kind().name().startsWith("admin")) {
            assertThat(response.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        } else {
            assertThat(response.json().path("error").asText()).isEqualTo("temporarily_unavailable");
        }
    }
}
