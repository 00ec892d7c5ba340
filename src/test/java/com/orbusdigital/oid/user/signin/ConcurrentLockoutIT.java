package com.orbusdigital.oid.user.signin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.orbusdigital.oid.testing.Fixtures;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.Responses;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.TopicReader;
import com.orbusdigital.oid.testing.UserAgent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Brute force against one account, all at once: many wrong passwords posted concurrently lock the
 * account exactly once (one atomic UPDATE counts them), attempts that arrive during the lock are not
 * counted, and afterwards even the right password is refused as locked.
 */
@OidIT
class ConcurrentLockoutIT {

    private static final int ATTEMPTS = 50;
    /** OID_LOGIN_MAX_FAILURES, left at its default by the test container. */
    private static final int MAX_FAILURES = 10;
    /** The first lock's length (SignInAttempts.FIRST_LOCK_SECONDS); a second lock would be twice as long. */
    private static final Duration FIRST_LOCK = Duration.ofSeconds(60);
    private static final String WRONG_CREDENTIALS = "The username or password is not right. Check them and try again.";
    private static final String LOCKED = "This account is locked for a while after too many failed sign-ins. Try again later.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunningOid oid;

    @Test
    void fiftyConcurrentWrongPasswordsLockTheAccountExactlyOnce() throws Exception {
        SignInScenario scenario = SignInScenario.create(oid.root(), System.getProperty("oid.it.issuer"),
                "https://app.example/callback", "public", "");
        Fixtures fixtures = oid.fixtures();
        UUID userId = UUID.fromString(scenario.userId);
        String wrongPassword = "wrong " + UUID.randomUUID();

        // every attempt a browser of its own: its own login form and CSRF cookie
        List<UserAgent> agents = new ArrayList<>();
        List<Http.Response> pages = new ArrayList<>();
        for (int i = 0; i < ATTEMPTS; i++) {
            UserAgent agent = new UserAgent();
            Http.Response page = agent.get(scenario.authorizeUri(scenario.authorizationRequest(SignInScenario.Pkce.create())));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            agents.add(agent);
            pages.add(page);
        }

        Instant started = Instant.now();
        List<Http.Response> answers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(ATTEMPTS);
        try {
            CountDownLatch ready = new CountDownLatch(ATTEMPTS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Http.Response>> posts = new ArrayList<>();
            for (int i = 0; i < ATTEMPTS; i++) {
                UserAgent agent = agents.get(i);
                Http.Response page = pages.get(i);
                posts.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return agent.submit(page, Map.of("username", scenario.username, "password", wrongPassword));
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            for (Future<Http.Response> post : posts) {
                answers.add(post.get(90, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        Instant finished = Instant.now();

        // each answer is the login page again saying the password is wrong, before the lock and after it alike
        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.header("Location")).isEmpty();
            assertThat(Responses.setCookie(answer, "oid_session")).isEmpty();
            assertThat(answer.body()).contains(WRONG_CREDENTIALS).doesNotContain(LOCKED);
        });

        Fixtures.SignInCounters counters = fixtures.signInCounters(userId);
        assertThat(counters.lockouts()).as("locks").isEqualTo(1);
        // the lock started the count again, and attempts during the lock were not counted
        assertThat(counters.failedLogins()).as("failed_logins after the lock").isZero();
        assertThat(counters.lockedUntil()).hasValueSatisfying(until -> assertThat(until)
                .isAfter(Instant.now())
                .isAfter(started.plus(FIRST_LOCK).minusSeconds(5))
                .isBefore(finished.plus(FIRST_LOCK).plusSeconds(5)));

        // the right password is refused while the lock lasts, answered as a wrong one (the lock reveals nothing)
        UserAgent owner = new UserAgent();
        Http.Response locked = scenario.signIn(owner, scenario.authorizationRequest(SignInScenario.Pkce.create()), SignInScenario.PASSWORD);
        assertThat(locked.status()).isEqualTo(200);
        assertThat(locked.header("Location")).isEmpty();
        assertThat(Responses.setCookie(locked, "oid_session")).isEmpty();
        assertThat(locked.body()).contains(WRONG_CREDENTIALS).doesNotContain(LOCKED);
        assertThat(fixtures.signInCounters(userId)).isEqualTo(counters);

        // one oid.user.locked event; every attempt published as a failure, the last one as locked
        List<JsonNode> lockEvents = events(scenario, "oid.user.locked", 1);
        assertThat(lockEvents).hasSize(1);
        assertThat(lockEvents.get(0).path("subject").asText()).isEqualTo(scenario.userId);
        assertThat(Instant.parse(lockEvents.get(0).path("data").path("locked_until").asText()))
                .isEqualTo(counters.lockedUntil().orElseThrow());
        List<JsonNode> failures = events(scenario, "oid.user.sign_in_failed", ATTEMPTS + 1);
        assertThat(failures).hasSize(ATTEMPTS + 1);
        assertThat(failures).extracting(event -> event.path("data").path("reason").asText())
                .containsOnly("wrong_password", "locked")
                .filteredOn("wrong_password"::equals).hasSizeGreaterThanOrEqualTo(MAX_FAILURES);
        assertThat(failures.get(ATTEMPTS).path("data").path("reason").asText()).isEqualTo("locked");
    }

    /** This tenant's events of one type, in order, once {@code count} arrived (and a little longer, to catch an extra one). */
    private static List<JsonNode> events(SignInScenario scenario, String type, int count) {
        return TopicReader.read(record -> scenario.tenantId.equals(record.key())
                        && record.value().contains("\"" + type + "\""), count).stream()
                .map(record -> {
                    try {
                        return JSON.readTree(record.value());
                    } catch (IOException e) {
                        throw new UncheckedIOException(record.value(), e);
                    }
                })
                .toList();
    }
}
