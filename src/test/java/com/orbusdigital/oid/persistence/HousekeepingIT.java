package com.orbusdigital.oid.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.testing.Fixtures;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RunningOid;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OID deletes what has expired by itself: codes, refresh tokens, sessions and remembered
 * revocations, and nothing still alive. The ITs' OID runs housekeeping every second
 * (OID_HOUSEKEEPING_INTERVAL_SECS=1 in arquillian.xml).
 */
@OidIT
class HousekeepingIT {

    /** Generous: a round every second, but a slow machine under the whole suite may lag. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private RunningOid oid;

    private Fixtures fixtures;
    private UUID tenant;
    private String clientId;
    private UUID clientKey;
    private UUID user;
    // whole seconds: the fixtures count rows by their exact expires_at
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @BeforeEach
    void rows() throws Exception {
        fixtures = oid.fixtures();
        tenant = fixtures.tenant("hk-" + UUID.randomUUID().toString().substring(0, 8), true);
        clientId = fixtures.confidentialClient(tenant, List.of("client_credentials"), List.of()).clientId();
        clientKey = fixtures.clientKey(clientId);
        user = fixtures.user(tenant);
    }

    @Test
    void expiredRowsOfEveryTableAreDeletedInBatchesAndLiveRowsStay() throws InterruptedException {
        Instant expired = now.minus(Duration.ofMinutes(1));
        Instant codeExpiredLongAgo = now.minus(Duration.ofHours(2));
        Instant live = now.plus(Duration.ofHours(1));
        // more than two batches of 500: one round has to go on batch after batch
        int manyExpired = 2 * Housekeeping.BATCH + 3;
        fixtures.authCodes(tenant, clientKey, user, codeExpiredLongAgo, 3);
        fixtures.authCodes(tenant, clientKey, user, live, 2);
        assertThat(fixtures.refreshTokens(tenant, clientKey, user, expired, manyExpired)).isEqualTo(manyExpired);
        fixtures.refreshTokens(tenant, clientKey, user, live, 2);
        fixtures.sessions(tenant, user, expired, 3);
        fixtures.sessions(tenant, user, live, 2);
        fixtures.revokedAccessTokens(tenant, clientId, expired, 3);
        fixtures.revokedAccessTokens(tenant, clientId, live, 2);

        awaitUntil(() -> fixtures.rowsExpiringAt("auth_codes", tenant, codeExpiredLongAgo) == 0
                && fixtures.rowsExpiringAt("refresh_tokens", tenant, expired) == 0
                && fixtures.rowsExpiringAt("sessions", tenant, expired) == 0
                && fixtures.rowsExpiringAt("revoked_access_tokens", tenant, expired) == 0);

        assertThat(fixtures.rowsExpiringAt("auth_codes", tenant, codeExpiredLongAgo)).as("expired auth_codes").isZero();
        assertThat(fixtures.rowsExpiringAt("refresh_tokens", tenant, expired)).as("expired refresh_tokens").isZero();
        assertThat(fixtures.rowsExpiringAt("sessions", tenant, expired)).as("expired sessions").isZero();
        assertThat(fixtures.rowsExpiringAt("revoked_access_tokens", tenant, expired)).as("expired revoked_access_tokens").isZero();
        assertThat(fixtures.rowsExpiringAt("auth_codes", tenant, live)).as("live auth_codes").isEqualTo(2);
        assertThat(fixtures.rowsExpiringAt("refresh_tokens", tenant, live)).as("live refresh_tokens").isEqualTo(2);
        assertThat(fixtures.rowsExpiringAt("sessions", tenant, live)).as("live sessions").isEqualTo(2);
        assertThat(fixtures.rowsExpiringAt("revoked_access_tokens", tenant, live)).as("live revoked_access_tokens").isEqualTo(2);
    }

    @Test
    void anAuthorizationCodeIsKeptAnHourPastItsExpirySoAReplayIsStillRecognised() throws InterruptedException {
        Instant expiredLongAgo = now.minus(Duration.ofHours(2));
        Instant expiredRecently = now.minus(Duration.ofMinutes(10));
        fixtures.authCodes(tenant, clientKey, user, expiredRecently, 2);
        fixtures.authCodes(tenant, clientKey, user, expiredLongAgo, 2);

        // the round that deletes the old codes has considered the recent ones with the same cutoff
        awaitUntil(() -> fixtures.rowsExpiringAt("auth_codes", tenant, expiredLongAgo) == 0);

        assertThat(fixtures.rowsExpiringAt("auth_codes", tenant, expiredLongAgo)).isZero();
        assertThat(fixtures.rowsExpiringAt("auth_codes", tenant, expiredRecently)).isEqualTo(2);
    }

    private static void awaitUntil(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
    }
}
