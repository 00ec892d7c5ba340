package com.orbusdigital.oid.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.StandaloneTomcat;
import com.orbusdigital.oid.testing.TestPostgres;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * OID_RATE_LIMIT_STORE=postgres: two replicas (stock Tomcats, configured by environment variables
 * only) on one PostgreSQL count every client address against one limit, forget ended windows,
 * and let requests through uncounted, without a 500 and without hanging, while PostgreSQL is down.
 * Clients are told apart by X-Forwarded-For from the trusted proxy 127.0.0.1.
 */
class SharedRateLimitIT {

    private static final String CLIENT_ID = "shared-limit-admin";
    private static final String SECRET = "shared-limit-bootstrap-secret-0123456789";
    private static final String BYPASS = "e2e-bypass-token-for-the-shared-limit-it";

    @Test
    void everyReplicaCountsAgainstOneLimitPerAddressAndPassesRequestsWhilePostgresIsDown() throws Exception {
        try (TestPostgres postgres = TestPostgres.start(StandaloneTomcat.freePort());
             StandaloneTomcat first = replica("shared-limit-1", postgres);
             StandaloneTomcat second = replica("shared-limit-2", postgres)) {
            first.start();
            second.start();
            Http.awaitReady(first.base(), Duration.ofSeconds(180));
            Http.awaitReady(second.base(), Duration.ofSeconds(180));
            List<URI> replicas = List.of(first.base(), second.base());

            // 60 requests from one address, spread over both replicas: one count
            for (int i = 1; i <= 60; i++) {
                Http.Response passed = token(replicas.get(i % 2), "203.0.113.7");
                assertThat(passed.status()).as("request %d", i).isEqualTo(200);
                assertThat(passed.header("RateLimit-Remaining")).as("request %d", i).contains(Integer.toString(60 - i));
                assertThat(passed.header("RateLimit-Policy")).contains("60;w=60");
            }
            for (URI replica : replicas) {
                Http.Response refused = token(replica, "203.0.113.7");
                assertThat(refused.status()).as(replica.toString()).isEqualTo(429);
                assertThat(Long.parseLong(refused.header("Retry-After").orElseThrow())).isBetween(1L, 60L);
                assertThat(refused.header("RateLimit-Remaining")).contains("0");
                assertThat(refused.json().get("error").asText()).isEqualTo("temporarily_unavailable");
            }

            // 90 requests at once from one address over both replicas: still exactly 60 pass
            ExecutorService browsers = Executors.newFixedThreadPool(16);
            List<Future<Integer>> burst = new ArrayList<>();
            try {
                for (int i = 0; i < 90; i++) {
                    URI replica = replicas.get(i % 2);
                    burst.add(browsers.submit(() -> token(replica, "203.0.113.20").status()));
                }
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> answer : burst) {
                    statuses.add(answer.get(60, TimeUnit.SECONDS));
                }
                assertThat(statuses).filteredOn(status -> status == 200).hasSize(60);
                assertThat(statuses).filteredOn(status -> status == 429).hasSize(30);
            } finally {
                browsers.shutdownNow();
            }

            // another address has its own limit; an IPv6 client is counted per /64, on both replicas alike
            assertThat(remaining(first.base(), "203.0.113.8")).isEqualTo("59");
            assertThat(remaining(second.base(), "203.0.113.8")).isEqualTo("58");
            assertThat(remaining(first.base(), "2001:db8:1:2::1")).isEqualTo("59");
            assertThat(remaining(second.base(), "2001:db8:1:2:ffff::9")).isEqualTo("58");

            // the E2E bypass passes uncounted on either replica
            for (URI replica : replicas) {
                Http.Response bypassed = token(replica, "203.0.113.7", "X-E2E-Bypass", BYPASS);
                assertThat(bypassed.status()).isEqualTo(200);
                assertThat(bypassed.header("RateLimit-Remaining")).isEmpty();
            }

            // one row per counted key; a refused client's count stops at the limit + 1
            assertThat(counts(postgres)).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "203.0.113.7", 61, "203.0.113.20", 61, "203.0.113.8", 2, "2001:0db8:0001:0002::/64", 2));

            // a window that has ended starts afresh with the next request
            age(postgres, "2001:0db8:0001:0002::/64", "1 second");
            assertThat(remaining(second.base(), "2001:db8:1:2::1")).isEqualTo("59");

            // rows whose window ended (beyond the margin for replicas' clocks) are deleted by housekeeping
            age(postgres, "203.0.113.8", "2 minutes");
            awaitUntil(() -> !counts(postgres).containsKey("203.0.113.8"), "the ended window of 203.0.113.8 to be deleted");
            assertThat(counts(postgres)).containsKeys("203.0.113.7", "2001:0db8:0001:0002::/64");

            // PostgreSQL down: the limit lets requests through uncounted — even an address that was over
            // it — never a 500 or 429, and no request waits much longer than the pool's timeout; the
            // client is known to both replicas, so the token endpoint serves it from its client cache
            postgres.stop();
            long outageStarted = System.nanoTime();
            while (System.nanoTime() - outageStarted < Duration.ofSeconds(3).toNanos()) {
                for (URI replica : replicas) {
                    long sent = System.nanoTime();
                    Http.Response during = token(replica, "203.0.113.7");
                    assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("answered without hanging").isLessThan(Duration.ofSeconds(5));
                    assertThat(during.status()).as(during.body()).isEqualTo(200);
                    assertThat(during.json().path("access_token").asText()).isNotEmpty();
                    assertThat(during.header("RateLimit-Remaining")).contains("60");
                }
            }
            for (URI replica : replicas) {
                assertThat(Http.get(replica.resolve(".well-known/jwks.json")).status()).isEqualTo(200);
            }

            // back: the replicas count again, still together
            postgres.startAgain();
            for (URI replica : replicas) {
                awaitUntil(() -> !token(replica, "203.0.113.9").header("RateLimit-Remaining").orElseThrow().equals("60"),
                        "counting again at " + replica);
            }
            int passed = 60 - Integer.parseInt(token(first.base(), "203.0.113.9").header("RateLimit-Remaining").orElseThrow());
            for (int i = passed + 1; i <= 60; i++) {
                assertThat(token(replicas.get(i % 2), "203.0.113.9").status()).as("request %d", i).isNotEqualTo(429);
            }
            for (URI replica : replicas) {
                assertThat(token(replica, "203.0.113.9").status()).isEqualTo(429);
            }

            for (StandaloneTomcat replica : List.of(first, second)) {
                List<String> log = replica.logLines();
                assertThat(log).anyMatch(line -> line.contains("Rate limit: 60 requests a minute per client address")
                        && line.contains("counted in PostgreSQL for every replica"));
                assertThat(log).filteredOn(line -> line.contains("Rate limit: cannot count in PostgreSQL")).hasSize(1);
                assertThat(log).filteredOn(line -> line.contains("Rate limit: counting in PostgreSQL again")).hasSize(1);
                assertThat(String.join("\n", log)).doesNotContain(BYPASS).doesNotContain(SECRET);
                assertThat(log).noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception in thread"));
            }
        }
    }

    private static StandaloneTomcat replica(String name, TestPostgres postgres) throws Exception {
        StandaloneTomcat tomcat = new StandaloneTomcat(name, Map.of(
                "OID_RATE_LIMIT_STORE", "postgres",
                "RATE_LIMIT_PER_MINUTE", "60",
                "OID_TRUSTED_PROXIES", "127.0.0.1/32",
                "E2E_BYPASS_TOKEN", BYPASS,
                "ODS_ENV", "staging",
                "OID_HOUSEKEEPING_INTERVAL_SECS", "1",
                "DATABASE_URL", postgres.databaseUrl(),
                "OID_BOOTSTRAP_CLIENT_ID", CLIENT_ID,
                "OID_BOOTSTRAP_CLIENT_SECRET", SECRET));
        tomcat.environmentAlso("JWT_ISSUER", tomcat.issuer());
        return tomcat;
    }

    private static Http.Response token(URI base, String client, String... headers) {
        List<String> all = new ArrayList<>(List.of("Authorization", Http.basic(CLIENT_ID, SECRET), "X-Forwarded-For", client));
        all.addAll(List.of(headers));
        return Http.postForm(base.resolve("token"), "grant_type=client_credentials", all.toArray(String[]::new));
    }

    private static String remaining(URI base, String client) {
        Http.Response response = token(base, client);
        assertThat(response.status()).as(client).isEqualTo(200);
        return response.header("RateLimit-Remaining").orElseThrow();
    }

    private static Map<String, Integer> counts(TestPostgres postgres) {
        Map<String, Integer> counts = new HashMap<>();
        try (Connection connection = postgres.connect();
             PreparedStatement select = connection.prepareStatement("SELECT client_key, used FROM rate_limit_buckets");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getInt(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return counts;
    }

    /** Moves a key's window into the past, so it ended {@code ago} (a PostgreSQL interval). */
    private static void age(TestPostgres postgres, String key, String ago) throws SQLException {
        try (Connection connection = postgres.connect();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE rate_limit_buckets SET expires_at = now() - ?::interval WHERE client_key = ?")) {
            update.setString(1, ago);
            update.setString(2, key);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void awaitUntil(Condition condition, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.holds()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("waited in vain for " + what);
    }
}
