package com.orbusdigital.oid.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ClientCacheTest {

    /** The "database": client_id → whether enabled; counts the reads. */
    private final Map<String, Boolean> table = new ConcurrentHashMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicLong counter = new AtomicLong();

    private Optional<ClientSnapshot> read(String clientId) {
        reads.incrementAndGet();
        return Optional.ofNullable(table.get(clientId)).map(enabled -> snapshot(clientId, enabled));
    }

    private ClientCache cache(long maxClients) {
        return new ClientCache(this::read, counter::get, maxClients, Runnable::run);
    }

    private static ClientSnapshot snapshot(String clientId, boolean enabled) {
        return new ClientSnapshot(UUID.randomUUID(), clientId, UUID.randomUUID(), true, ClientType.CONFIDENTIAL, enabled,
                Optional.of("hmac-sha256$x"), Set.of("client_credentials"), List.of("read"), List.of("reader"), true, false);
    }

    @Test
    void aKnownClientIsReadOnceThenServedFromMemory() {
        table.put("svc", true);
        ClientCache cache = cache(100);

        assertThat(cache.find("svc")).hasValueSatisfying(client -> assertThat(client.enabled()).isTrue());
        table.put("svc", false); // changed behind the cache's back, with no invalidation
        assertThat(cache.find("svc")).hasValueSatisfying(client -> assertThat(client.enabled()).isTrue());

        assertThat(reads).hasValue(1);
    }

    @Test
    void unknownClientIdsAreNotKept() {
        ClientCache cache = cache(100);

        for (int i = 0; i < 50; i++) {
            assertThat(cache.find("made-up-" + i)).isEmpty();
        }
        assertThat(cache.find("made-up-0")).isEmpty();

        assertThat(cache.size()).isZero();
        assertThat(reads).hasValue(51);
    }

    @Test
    void aClientCreatedAfterAnUnknownLookupIsFound() {
        ClientCache cache = cache(100);
        assertThat(cache.find("svc")).isEmpty();

        table.put("svc", true);

        assertThat(cache.find("svc")).isPresent();
    }

    @Test
    void invalidationMakesTheNextRequestReadTheChange() {
        table.put("svc", true);
        ClientCache cache = cache(100);
        cache.find("svc");

        table.put("svc", false);
        cache.invalidateAll();

        assertThat(cache.find("svc")).hasValueSatisfying(client -> assertThat(client.enabled()).isFalse());
        assertThat(reads).hasValue(2);
    }

    @Test
    void aMovedChangeCounterEmptiesTheCacheAndAnUnchangedOneDoesNot() {
        table.put("svc", true);
        ClientCache cache = cache(100);
        cache.checkVersion();
        cache.find("svc");

        cache.checkVersion();
        assertThat(cache.size()).isEqualTo(1);

        table.put("svc", false);
        counter.incrementAndGet(); // another replica committed a change
        cache.checkVersion();

        assertThat(cache.size()).isZero();
        assertThat(cache.find("svc")).hasValueSatisfying(client -> assertThat(client.enabled()).isFalse());
    }

    @Test
    void theFirstCounterReadEmptiesWhatWasLoadedBeforeIt() {
        table.put("svc", true);
        ClientCache cache = cache(100);
        cache.find("svc");

        cache.checkVersion();

        assertThat(cache.size()).isZero();
    }

    @Test
    void aLoadThatBeganBeforeAnInvalidationIsNotKeptAfterIt() throws Exception {
        table.put("svc", true);
        CountDownLatch loaded = new CountDownLatch(1);
        CountDownLatch invalidated = new CountDownLatch(1);
        ClientCache cache = new ClientCache(clientId -> {
            Optional<ClientSnapshot> old = read(clientId); // read before the change committed…
            loaded.countDown();
            await(invalidated);                             // …returned after the cache was emptied
            return old;
        }, counter::get, 100, Runnable::run);
        AtomicReference<Optional<ClientSnapshot>> slow = new AtomicReference<>();
        Thread request = new Thread(() -> slow.set(cache.find("svc")));
        request.start();
        assertThat(loaded.await(10, TimeUnit.SECONDS)).isTrue();

        table.put("svc", false);
        cache.invalidateAll();
        invalidated.countDown();
        request.join(10_000);

        assertThat(slow.get()).hasValueSatisfying(client -> assertThat(client.enabled()).isTrue());
        assertThat(cache.size()).isZero();
    }

    @Test
    void keepsAtMostTheConfiguredNumberOfClients() {
        ClientCache cache = cache(10);
        for (int i = 0; i < 100; i++) {
            table.put("svc-" + i, true);
            cache.find("svc-" + i);
        }

        assertThat(cache.size()).isLessThanOrEqualTo(10);
    }

    @Test
    void onlyChangesToClientsTenantsAndRolesEmptyTheCache() {
        assertThat(ClientCache.changesClients("oid.client.secret_rotated")).isTrue();
        assertThat(ClientCache.changesClients("oid.tenant.disabled")).isTrue();
        assertThat(ClientCache.changesClients("oid.role.unassigned")).isTrue();
        assertThat(ClientCache.changesClients("oid.role.deleted")).isTrue();
        assertThat(ClientCache.changesClients("oid.user.signed_in")).isFalse();
        assertThat(ClientCache.changesClients("oid.refresh_token.revoked")).isFalse();
        assertThat(ClientCache.changesClients("oid.key.rotated")).isFalse();
    }

    @Test
    void aSnapshotNeverPrintsItsSecretHash() {
        assertThat(snapshot("svc", true).toString()).contains("svc").doesNotContain("hmac");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
