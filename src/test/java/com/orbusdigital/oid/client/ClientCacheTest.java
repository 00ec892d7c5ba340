package com.orbusdigital.oid.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.orbusdigital.oid.protocol.Proofs;
import com.orbusdigital.oid.tenant.Tenant;
import com.orbusdigital.oid.event.BrandingChange;
import com.orbusdigital.oid.event.ClientChange;
import com.orbusdigital.oid.event.KeyRotated;
import com.orbusdigital.oid.event.Revocation;
import com.orbusdigital.oid.event.RoleChange;
import com.orbusdigital.oid.event.SignInEvent;
import com.orbusdigital.oid.event.TenantChange;
import java.util.HashMap;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClientCacheTest {

    private static final Tenant TENANT = new Tenant("acme", "Acme", Instant.EPOCH);

    /** The "database": client_id → whether enabled; counts the loads of every client. */
    private final Map<String, Boolean> table = new ConcurrentHashMap<>();
    private final AtomicInteger loads = new AtomicInteger();
    private final AtomicLong counter = new AtomicLong();
    private final AtomicBoolean down = new AtomicBoolean();

    /** As the real loader: the counter first, then every client. */
    private ClientCache.Directory loadAll() {
        if (down.get()) {
            throw new IllegalStateException("PostgreSQL is down");
        }
        loads.incrementAndGet();
        long version = counter.get();
        Map<String, ClientSnapshot> clients = new HashMap<>();
        Map<String, Client> entities = new HashMap<>();
        table.forEach((clientId, enabled) -> {
            clients.put(clientId, snapshot(clientId, enabled));
            Client client = new Client(TENANT, clientId, clientId, ClientType.CONFIDENTIAL, Instant.EPOCH);
            client.setEnabled(enabled, Instant.EPOCH);
            entities.put(clientId, client);
        });
        return new ClientCache.Directory(version, Map.copyOf(clients), Map.copyOf(entities));
    }

    private long version() {
        if (down.get()) {
            throw new IllegalStateException("PostgreSQL is down");
        }
        return counter.get();
    }

    private ClientCache cache() {
        return new ClientCache(this::loadAll, this::version);
    }

    private static ClientSnapshot snapshot(String clientId, boolean enabled) {
        return new ClientSnapshot(UUID.randomUUID(), clientId, UUID.randomUUID(), true, false, ClientType.CONFIDENTIAL, enabled,
                Optional.of("hmac-sha256$x"), Set.of("client_credentials"), List.of("read"), List.of("reader"), true, false,
                Optional.empty(), Instant.EPOCH);
    }

    /** The other replicas' change, or this one's before its commit: the table and the counter move together. */
    private void change(String clientId, boolean enabled) {
        table.put(clientId, enabled);
        counter.incrementAndGet();
    }

    @Test
    void onceLoadedNoLookupReadsTheDatabaseForAKnownOrAnUnknownClientId() {
        table.put("svc", true);
        ClientCache cache = cache();
        cache.reload();

        assertThat(cache.find("svc")).isPresent();
        for (int i = 0; i < 50; i++) {
            assertThat(cache.find("made-up-" + i)).isEmpty();
        }
        assertThat(cache.find("svc")).isPresent();

        assertThat(loads).as("only the one load: an unknown client_id costs what a known one does").hasValue(1);
    }

    @Test
    void aSignInReadsItsClientFromTheSameDirectoryAndSeesAChangeAsSoonAsItIsReloaded() {
        table.put("web", true);
        ClientCache cache = cache();

        assertThat(cache.findForSignIn("web")).hasValueSatisfying(client -> assertThat(client.enabled()).isTrue());
        assertThat(cache.findForSignIn("made-up")).isEmpty();
        for (int i = 0; i < 10; i++) {
            assertThat(cache.findForSignIn("web")).isPresent();
        }
        assertThat(loads).as("a sign-in's every step reads memory, not the database").hasValue(1);

        change("web", false);
        cache.reloadAfter(counter.get());

        assertThat(cache.findForSignIn("web")).hasValueSatisfying(client -> assertThat(client.enabled()).isFalse());
        assertThat(cache.find("web")).hasValueSatisfying(snapshot -> assertThat(snapshot.enabled()).isFalse());
    }

    @Test
    void beforeTheFirstLoadALookupLoadsOnceAndFailsAsTheDatabaseDoes() {
        table.put("svc", true);
        ClientCache cache = cache();
        down.set(true);

        assertThatThrownBy(() -> cache.find("svc")).hasMessageContaining("down");
        assertThatThrownBy(() -> cache.find("made-up")).as("never an answer of 'unknown' before the clients are known")
                .hasMessageContaining("down");

        down.set(false);
        assertThat(cache.find("svc")).isPresent();
        assertThat(cache.find("made-up")).isEmpty();
        assertThat(loads).hasValue(1);
    }

    @Test
    void theLoadedClientsStayInForceWhileTheDatabaseIsDown() {
        table.put("svc", true);
        ClientCache cache = cache();
        cache.reload();
        down.set(true);

        assertThatThrownBy(cache::checkVersion).hasMessageContaining("down");

        assertThat(cache.find("svc")).isPresent();
    }

    @Test
    void aMovedChangeCounterReloadsEveryClientAndAnUnchangedOneDoesNot() {
        table.put("svc", true);
        ClientCache cache = cache();
        cache.checkVersion();
        cache.checkVersion();
        assertThat(loads).hasValue(1);

        change("svc", false);
        change("new", true); // created on another replica
        cache.checkVersion();

        assertThat(loads).hasValue(2);
        assertThat(cache.find("svc")).hasValueSatisfying(client -> assertThat(client.enabled()).isFalse());
        assertThat(cache.find("new")).isPresent();
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void aChangeCommittedHereIsReloadedOnceForSeveralAnnouncements() {
        table.put("svc", true);
        ClientCache cache = cache();
        cache.reload();

        change("svc", false);
        change("other", true);
        long last = counter.get();
        cache.reloadAfter(last - 1);
        cache.reloadAfter(last);

        assertThat(loads).as("the first reload read the counter both announcements left").hasValue(2);
        assertThat(cache.find("svc")).hasValueSatisfying(client -> assertThat(client.enabled()).isFalse());
        cache.checkVersion();
        assertThat(loads).as("the poll finds nothing new").hasValue(2);
    }

    @Test
    void aReloadAfterACommitThatFailsIsLeftToThePoll() {
        table.put("svc", true);
        ClientCache cache = cache();
        cache.reload();
        change("svc", false);
        down.set(true);

        cache.reloadAfter(counter.get()); // logs, never throws into the request whose change committed

        assertThat(cache.find("svc")).hasValueSatisfying(client -> assertThat(client.enabled()).isTrue());
        down.set(false);
        cache.checkVersion();
        assertThat(cache.find("svc")).hasValueSatisfying(client -> assertThat(client.enabled()).isFalse());
    }

    @Test
    void aReloadThatReadBeforeAChangeNeverReplacesOneThatReadAfterIt() throws Exception {
        table.put("svc", true);
        CountDownLatch read = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        ClientCache cache = new ClientCache(() -> {
            ClientCache.Directory directory = loadAll();
            if (calls.incrementAndGet() == 1) { // the poll's reload: read before the change committed…
                read.countDown();
                await(release);                 // …and slow to finish
            }
            return directory;
        }, this::version);
        Thread poll = new Thread(cache::reload);
        poll.start();
        assertThat(read.await(10, TimeUnit.SECONDS)).isTrue();

        change("svc", false);
        Thread committed = new Thread(() -> cache.reloadAfter(counter.get()));
        committed.start();
        release.countDown();
        poll.join(10_000);
        committed.join(10_000);

        assertThat(cache.find("svc")).hasValueSatisfying(client -> assertThat(client.enabled()).isFalse());
        assertThat(calls).hasValue(2);
    }

    @Test
    void onlyChangesToClientsTenantsRolesAndClientsRolesReloadTheClients() {
        UUID tenant = UUID.randomUUID();
        RoleChange.Facts role = new RoleChange.Facts(tenant, UUID.randomUUID(), "reader");
        assertThat(ClientCache.changesClients(new ClientChange.SecretRotated(
                new ClientChange.Facts(tenant, "svc", "Service", "confidential", List.of("client_credentials"), true, true)))).isTrue();
        assertThat(ClientCache.changesClients(new ClientChange.TokensRevoked(tenant, "svc", Instant.now(), 0))).isTrue();
        assertThat(ClientCache.changesClients(new TenantChange.Disabled(new TenantChange.Facts(tenant, "acme", "Acme", false))))
                .isTrue();
        assertThat(ClientCache.changesClients(new RoleChange.Unassigned(role, new RoleChange.ClientHolder("svc")))).isTrue();
        assertThat(ClientCache.changesClients(new RoleChange.Deleted(role))).isTrue();
        assertThat(ClientCache.changesClients(new BrandingChange(tenant, "acme", Optional.of("Acme"), Optional.empty(), Optional.empty())))
                .as("the sign-in pages read the tenant's branding from the cached client's tenant").isTrue();
        assertThat(ClientCache.changesClients(new RoleChange.Unassigned(role, new RoleChange.UserHolder(UUID.randomUUID(), "ada"))))
                .as("a user's roles are no client's").isFalse();
        assertThat(ClientCache.changesClients(new SignInEvent.SignedIn(tenant, UUID.randomUUID(), "svc", UUID.randomUUID(), Proofs.NONE)))
                .isFalse();
        assertThat(ClientCache.changesClients(new Revocation.RefreshTokenRevoked(tenant, UUID.randomUUID(), "svc", UUID.randomUUID(), 1)))
                .isFalse();
        assertThat(ClientCache.changesClients(new KeyRotated("kid", Instant.now(), Optional.empty(), Optional.empty(), "requested")))
                .isFalse();
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
