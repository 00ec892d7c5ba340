package com.orbusdigital.oid.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbusdigital.oid.testing.AdminClient;
import com.orbusdigital.oid.testing.Fixtures;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.UserAgent;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Simultaneous changes of one object, released together by a latch: each change applies to the row
 * as it is when the change runs, so two PATCHes of different fields both land, every time, and a
 * PATCH never writes back what a sign-in counted meanwhile. Two changes made from the same ETag:
 * exactly one applies, the other is told the object changed.
 */
@OidIT
class ConcurrentChangesIT {

    private static final int PAIRS = 20;

    private RunningOid oid;

    private URI base;
    private AdminClient platform;
    private String tenant;
    private ExecutorService pool;

    @BeforeEach
    void setUp() throws Exception {
        base = oid.root();
        platform = oid.platformAdmin();
        tenant = platform.createTenant("race");
        pool = Executors.newCachedThreadPool();
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    @Test
    void simultaneousPatchesOfATenantsNameAndEnabledFlagBothApply() {
        // enabled flips every pair, so a write of the old value shows
        race("admin/tenants/" + tenant, pair -> {},
                pair -> "{\"name\":\"Tenant renamed " + pair + "\"}",
                pair -> "{\"enabled\":" + (pair % 2 == 1) + "}",
                (pair, now) -> now.path("name").asText().equals("Tenant renamed " + pair)
                        && now.path("enabled").asBoolean() == (pair % 2 == 1));
    }

    @Test
    void simultaneousPatchesOfAClientsNameAndScopesBothApply() {
        race(clientPath(platform.createServiceClient(tenant).path("client_id").asText()), pair -> {},
                pair -> "{\"name\":\"Client renamed " + pair + "\"}",
                pair -> "{\"scopes\":[\"scope-" + pair + "\"]}",
                (pair, now) -> now.path("name").asText().equals("Client renamed " + pair)
                        && now.path("scopes").toString().equals("[\"scope-" + pair + "\"]"));
    }

    @Test
    void disablingAClientWhileItIsRenamedLeavesItDisabledAndRenamedEveryTime() {
        String path = clientPath(platform.createServiceClient(tenant).path("client_id").asText());
        race(path, pair -> assertThat(platform.patch(path, "{\"enabled\":true}").status()).isEqualTo(200),
                pair -> "{\"enabled\":false}",
                pair -> "{\"name\":\"Renamed while disabled " + pair + "\"}",
                (pair, now) -> !now.path("enabled").asBoolean() && now.path("name").asText().equals("Renamed while disabled " + pair));
    }

    @Test
    void simultaneousPatchesOfAUsersNameAndEmailBothApply() {
        Http.Response created = platform.post("admin/tenants/" + tenant + "/users", "{\"username\":\"racer\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        race("admin/tenants/" + tenant + "/users/" + created.json().path("id").asText(), pair -> {},
                pair -> "{\"name\":\"Racer " + pair + "\"}",
                pair -> "{\"email\":\"racer-" + pair + "@example.com\"}",
                (pair, now) -> now.path("name").asText().equals("Racer " + pair)
                        && now.path("email").asText().equals("racer-" + pair + "@example.com"));
    }

    @Test
    void twoPatchesOfARoleMadeFromTheSameETagApplyExactlyOnce() {
        String path = "admin/tenants/" + tenant + "/roles/racing";
        assertThat(platform.post("admin/tenants/" + tenant + "/roles", "{\"name\":\"racing\"}").status()).isEqualTo(201);
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            String etag = platform.get(path).header("ETag").orElseThrow();
            String first = "first " + i;
            String second = "second " + i;
            List<Http.Response> answers = together(
                    () -> patchIfMatch(path, "{\"description\":\"" + first + "\"}", etag),
                    () -> patchIfMatch(path, "{\"description\":\"" + second + "\"}", etag));

            List<Integer> statuses = answers.stream().map(Http.Response::status).sorted().toList();
            String description = platform.get(path).json().path("description").asText();
            String winner = answers.get(0).status() == 200 ? first : second;
            if (!statuses.equals(List.of(200, 412)) || !description.equals(winner)) {
                wrong.add("pair " + i + ": " + statuses + ", description " + description);
            }
        }
        assertThat(wrong).as("pairs where not exactly one change applied").isEmpty();
    }

    @Test
    void simultaneousPatchesOfARolesDescriptionEachApplyWhole() {
        assertThat(platform.post("admin/tenants/" + tenant + "/roles", "{\"name\":\"described\"}").status()).isEqualTo(201);
        // a role has one field that changes: the later of the two wins, as a whole
        race("admin/tenants/" + tenant + "/roles/described", pair -> {},
                pair -> "{\"description\":\"first " + pair + "\"}",
                pair -> "{\"description\":\"second " + pair + "\"}",
                (pair, now) -> List.of("first " + pair, "second " + pair).contains(now.path("description").asText()));
    }

    @Test
    void patchingAUserWhileWrongPasswordsArriveKeepsEveryFailedSignInCounted() throws Exception {
        SignInScenario scenario = SignInScenario.create(base, System.getProperty("oid.it.issuer"),
                "https://app.example/callback", "public", "");
        Fixtures fixtures = oid.fixtures();
        UUID userId = UUID.fromString(scenario.userId);
        String path = "admin/tenants/" + scenario.tenant + "/users/" + scenario.userId;
        // OID_LOGIN_MAX_FAILURES is left at 10: nine wrong passwords count up without locking
        int attempts = 9;
        List<UserAgent> agents = new ArrayList<>();
        List<Http.Response> pages = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            UserAgent agent = new UserAgent();
            agents.add(agent);
            pages.add(agent.get(scenario.authorizeUri(scenario.authorizationRequest(SignInScenario.Pkce.create()))));
        }

        AtomicBoolean signingIn = new AtomicBoolean(true);
        AtomicInteger patches = new AtomicInteger();
        List<Callable<Http.Response>> work = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            UserAgent agent = agents.get(i);
            Http.Response page = pages.get(i);
            work.add(() -> agent.submit(page, Map.of("username", scenario.username, "password", "wrong " + UUID.randomUUID())));
        }
        for (int i = 0; i < 2; i++) {
            work.add(() -> {
                Http.Response last = null;
                while (signingIn.get() || last == null) {
                    last = scenario.admin.patch(path, "{\"name\":\"Patched " + patches.incrementAndGet() + "\"}");
                    if (last.status() != 200) {
                        return last;
                    }
                }
                return last;
            });
        }
        List<Future<Http.Response>> running = start(work);
        for (Future<Http.Response> signIn : running.subList(0, attempts)) {
            assertThat(signIn.get(120, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
        signingIn.set(false);
        for (Future<Http.Response> patching : running.subList(attempts, running.size())) {
            Http.Response last = patching.get(60, TimeUnit.SECONDS);
            assertThat(last.status()).as(last.body()).isEqualTo(200);
        }

        assertThat(patches.get()).as("PATCHes made while signing in").isGreaterThan(2);
        assertThat(fixtures.signInCounters(userId)).isEqualTo(new Fixtures.SignInCounters(attempts, 0, java.util.Optional.empty()));

        // the tenth wrong password locks the account, and a PATCH afterwards does not lift the lock
        UserAgent tenth = new UserAgent();
        tenth.submit(tenth.get(scenario.authorizeUri(scenario.authorizationRequest(SignInScenario.Pkce.create()))),
                Map.of("username", scenario.username, "password", "wrong again"));
        Fixtures.SignInCounters locked = fixtures.signInCounters(userId);
        assertThat(locked.lockouts()).isEqualTo(1);
        assertThat(locked.lockedUntil()).hasValueSatisfying(until -> assertThat(until).isAfter(Instant.now()));
        assertThat(scenario.admin.patch(path, "{\"name\":\"After the lock\"}").status()).isEqualTo(200);
        assertThat(fixtures.signInCounters(userId)).isEqualTo(locked);
    }

    private String clientPath(String clientId) {
        return "admin/tenants/" + tenant + "/clients/" + clientId;
    }

    private Http.Response patchIfMatch(String path, String json, String etag) {
        return platform.call("PATCH", path, json, "If-Match", etag);
    }

    /**
     * {@link #PAIRS} times: {@code before}, then the two PATCHes at once, both answered 200; the
     * object read afterwards must show both ({@code bothApplied}). Every pair that lost one is listed.
     */
    private void race(String path, IntConsumer before, IntFunction<String> first, IntFunction<String> second,
                      BiPredicate<Integer, JsonNode> bothApplied) {
        List<String> lost = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            int pair = i;
            before.accept(pair);
            assertAll200(together(() -> platform.patch(path, first.apply(pair)), () -> platform.patch(path, second.apply(pair))));
            JsonNode now = platform.get(path).json();
            if (!bothApplied.test(pair, now)) {
                lost.add("pair " + pair + ": " + now);
            }
        }
        assertThat(lost).as("pairs that lost a change").isEmpty();
    }

    private static void assertAll200(List<Http.Response> answers) {
        assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).as(answer.body()).isEqualTo(200));
    }

    /** Both calls at once: each waits on one latch, released when both are ready. */
    @SafeVarargs
    private List<Http.Response> together(Supplier<Http.Response>... calls) {
        List<Callable<Http.Response>> work = new ArrayList<>();
        for (Supplier<Http.Response> call : calls) {
            work.add(call::get);
        }
        List<Http.Response> answers = new ArrayList<>();
        try {
            for (Future<Http.Response> answer : start(work)) {
                answers.add(answer.get(60, TimeUnit.SECONDS));
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return answers;
    }

    private List<Future<Http.Response>> start(List<Callable<Http.Response>> work) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(work.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Http.Response>> started = new ArrayList<>();
        for (Callable<Http.Response> task : work) {
            started.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                return task.call();
            }));
        }
        assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        return started;
    }
}
