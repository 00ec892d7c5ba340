package com.orbusdigital.oid.user;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.protocol.Proofs;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.event.Revocation;
import com.orbusdigital.oid.event.RoleChange;
import com.orbusdigital.oid.event.SignInEvent;
import com.orbusdigital.oid.event.TenantChange;
import com.orbusdigital.oid.event.UserChange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class UserCacheTest {

    private static final UUID TENANT = UUID.randomUUID();

    /** The "database": users by id (whether enabled), the change log by number; counts the loads. */
    private final Map<UUID, Boolean> table = new ConcurrentHashMap<>();
    private final List<UserCache.Change> log = new ArrayList<>();
    private final AtomicInteger loads = new AtomicInteger();
    /** changes numbered up to this were deleted */
    private long pruned;

    private class FakeStore implements UserCache.Store {
        @Override
        public Optional<UserSnapshot> load(UUID userId) {
            loads.incrementAndGet();
            return Optional.ofNullable(table.get(userId)).map(enabled -> snapshot(userId, enabled));
        }

        @Override
        public long version() {
            return log.size();
        }

        @Override
        public List<UserCache.Change> changes(long after, long upTo) {
            List<UserCache.Change> found = new ArrayList<>();
            for (long version = Math.max(after, pruned) + 1; version <= upTo; version++) {
                found.add(log.get((int) version - 1));
            }
            return found;
        }

        @Override
        public void forgetChangesOlderThan(Duration age) {
            pruned = log.size();
        }
    }

    private static UserSnapshot snapshot(UUID id, boolean enabled) {
        return new UserSnapshot(id, TENANT, enabled, List.of("tenant-admin"), Optional.empty());
    }

    private UserCache cache(long maxUsers) {
        return new UserCache(new FakeStore(), maxUsers, Runnable::run);
    }

    /** Another replica's committed change to one user. */
    private void change(UUID user, boolean enabled) {
        table.put(user, enabled);
        log.add(new UserCache.Change(Optional.of(user)));
    }

    @Test
    void aUserIsReadOnceThenServedFromMemory() {
        UUID user = UUID.randomUUID();
        table.put(user, true);
        UserCache cache = cache(100);

        assertThat(cache.find(user)).hasValueSatisfying(found -> assertThat(found.enabled()).isTrue());
        table.put(user, false); // behind the cache's back, announced nowhere
        assertThat(cache.find(user)).hasValueSatisfying(found -> assertThat(found.enabled()).isTrue());

        assertThat(loads).hasValue(1);
    }

    @Test
    void theChangeLogForgetsExactlyTheUsersThatChanged() {
        UUID changed = UUID.randomUUID();
        UUID untouched = UUID.randomUUID();
        table.put(changed, true);
        table.put(untouched, true);
        UserCache cache = cache(100);
        cache.checkVersion();
        cache.find(changed);
        cache.find(untouched);

        change(changed, false);
        cache.checkVersion();

        assertThat(cache.find(changed)).hasValueSatisfying(found -> assertThat(found.enabled()).isFalse());
        cache.find(untouched);
        assertThat(loads).as("the untouched user was not read again").hasValue(3);
    }

    @Test
    void aDeletedUserIsFoundNoMore() {
        UUID user = UUID.randomUUID();
        table.put(user, true);
        UserCache cache = cache(100);
        cache.checkVersion();
        cache.find(user);

        table.remove(user);
        log.add(new UserCache.Change(Optional.of(user)));
        cache.checkVersion();

        assertThat(cache.find(user)).isEmpty();
    }

    @Test
    void changesNoLongerInTheLogForgetEveryone() {
        UUID user = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        table.put(user, true);
        table.put(other, true);
        UserCache cache = cache(100);
        cache.checkVersion();
        cache.find(user);
        cache.find(other);

        change(user, false);
        change(other, false);
        pruned = 1; // the first of the two was deleted before this replica read it

        cache.checkVersion();

        assertThat(cache.size()).isZero();
        assertThat(cache.find(other)).hasValueSatisfying(found -> assertThat(found.enabled()).isFalse());
    }

    @Test
    void theFirstCounterReadForgetsWhatWasLoadedBeforeIt() {
        UUID user = UUID.randomUUID();
        table.put(user, true);
        UserCache cache = cache(100);
        cache.find(user);

        cache.checkVersion();

        assertThat(cache.size()).isZero();
    }

    @Test
    void aLoadThatBeganBeforeAChangeIsNotKeptAfterIt() throws Exception {
        UUID user = UUID.randomUUID();
        table.put(user, true);
        CountDownLatch loaded = new CountDownLatch(1);
        CountDownLatch forgotten = new CountDownLatch(1);
        FakeStore slowStore = new FakeStore() {
            @Override
            public Optional<UserSnapshot> load(UUID userId) {
                Optional<UserSnapshot> old = super.load(userId); // read before the change committed…
                loaded.countDown();
                await(forgotten);                                // …returned after it was forgotten
                return old;
            }
        };
        UserCache cache = new UserCache(slowStore, 100, Runnable::run);
        AtomicReference<Optional<UserSnapshot>> slow = new AtomicReference<>();
        Thread request = new Thread(() -> slow.set(cache.find(user)));
        request.start();
        assertThat(loaded.await(10, TimeUnit.SECONDS)).isTrue();

        table.put(user, false);
        cache.forget(new UserCache.Change(Optional.of(user)));
        forgotten.countDown();
        request.join(10_000);

        assertThat(slow.get()).hasValueSatisfying(found -> assertThat(found.enabled()).isTrue());
        assertThat(cache.size()).isZero();
    }

    @Test
    void keepsAtMostTheConfiguredNumberOfUsers() {
        UserCache cache = cache(10);
        for (int i = 0; i < 100; i++) {
            UUID user = UUID.randomUUID();
            table.put(user, true);
            cache.find(user);
        }

        assertThat(cache.size()).isLessThanOrEqualTo(10);
    }

    @Test
    void onlyChangesToAUsersStandingForgetThem() {
        UUID user = UUID.randomUUID();
        RoleChange.Facts role = new RoleChange.Facts(TENANT, UUID.randomUUID(), "reader");
        assertThat(UserCache.change(new UserChange.Disabled(new UserChange.Facts(TENANT, user, "ada", Optional.empty(), false))))
                .contains(new UserCache.Change(Optional.of(user)));
        assertThat(UserCache.change(new UserChange.TokensRevoked(TENANT, user, Instant.now(), 0, 0)))
                .contains(new UserCache.Change(Optional.of(user)));
        assertThat(UserCache.change(new RoleChange.Unassigned(role, new RoleChange.UserHolder(user, "ada"))))
                .contains(new UserCache.Change(Optional.of(user)));
        assertThat(UserCache.change(new RoleChange.Deleted(role))).contains(UserCache.Change.EVERYONE);
        assertThat(UserCache.change(new TenantChange.Deleted(TENANT, "acme"))).contains(UserCache.Change.EVERYONE);
        UUID session = UUID.randomUUID();
        for (IdentityEvent standingUnchanged : List.<IdentityEvent>of(
                new SignInEvent.SignedIn(TENANT, user, "web", session, Proofs.NONE),
                new SignInEvent.Failed(TENANT, Optional.of(user), "web", "wrong_password"),
                new SignInEvent.Locked(TENANT, user, Instant.now()),
                new SignInEvent.SignedOut(TENANT, user, session, Optional.empty(), 0),
                new UserChange.PasswordChanged(TENANT, user),
                new Revocation.RefreshTokenRevoked(TENANT, user, "web", UUID.randomUUID(), 1))) {
            assertThat(UserCache.change(standingUnchanged)).as(standingUnchanged.type()).isEmpty();
        }
        assertThat(UserCache.change(new RoleChange.Unassigned(role, new RoleChange.ClientHolder("svc")))).isEmpty();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
