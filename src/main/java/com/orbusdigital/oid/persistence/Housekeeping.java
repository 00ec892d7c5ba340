package com.orbusdigital.oid.persistence;

import com.orbusdigital.oid.config.OidConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what has expired — authorization codes, refresh tokens, sign-in sessions, remembered
 * revocations and ended rate-limit windows — as a step of {@link PeriodicWork}
 * ({@code oid-housekeeping}), every {@code OID_HOUSEKEEPING_INTERVAL_SECS}, so no table grows
 * without bound and no separate job has to run. Every replica does it; they do not
 * get in each other's way (rows another transaction holds are skipped until the next round).
 * <p>
 * Each table is emptied in batches of {@link #BATCH} rows, each batch its own short transaction,
 * with a pause between batches so that sign-ins touching the same tables get their turn: never a
 * long lock, never one huge transaction after an outage.
 */
@ApplicationScoped
public class Housekeeping implements PeriodicWork.Periodic {

    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
    static final int BATCH = 500;
    /** Between batches of one table. */
    static final Duration PAUSE = Duration.ofMillis(100);
    /** A replayed code must still be recognised (and revoke what it issued) for a while after it expired. */
    static final Duration AUTH_CODE_KEPT = Duration.ofHours(1);

    /**
     * A table whose rows are dead once {@code expires_at} is before the cutoff, identified by
     * {@code key} for the batched delete. Names are constants here, never input.
     *
     * @param deleteBatch the oldest dead rows of one batch, skipping rows another transaction holds right now
     */
    record Expiring(String table, String key, Duration keptAfterExpiry, String deleteBatch) {

        Expiring(String table, String key, Duration keptAfterExpiry) {
            this(table, key, keptAfterExpiry, "DELETE FROM {schema}." + table + " WHERE " + key + " IN ("
                    + " SELECT " + key + " FROM {schema}." + table
                    + " WHERE expires_at < :cutoff ORDER BY expires_at LIMIT :batch FOR UPDATE SKIP LOCKED)");
        }

        Instant cutoff(Instant now) {
            return now.minus(keptAfterExpiry);
        }
    }

    static final List<Expiring> TABLES = List.of(
            new Expiring("auth_codes", "code_hash", AUTH_CODE_KEPT),
            // expires_at (idle) never passes family_expires_at (absolute): it alone says when a row is dead
            new Expiring("refresh_tokens", "id", Duration.ZERO),
            // likewise expires_at never passes max_expires_at
            new Expiring("sessions", "id", Duration.ZERO),
            // issue 18: the clients a session served, dead with it (expires_at is its max_expires_at)
            new Expiring("session_clients", "session_id, client_id", Duration.ZERO, """
                    DELETE FROM {schema}.session_clients WHERE (session_id, client_id) IN (
                        SELECT session_id, client_id FROM {schema}.session_clients
                        WHERE expires_at < :cutoff ORDER BY expires_at LIMIT :batch FOR UPDATE SKIP LOCKED)"""),
            new Expiring("sign_in_flows", "id", Duration.ZERO),
            // issue 17: a forgotten password's link, dead once expired (used ones too: used_at ≤ expires_at)
            new Expiring("password_resets", "token_hash", Duration.ZERO),
            // issue 17, self sign-up: likewise a sign-up's link
            new Expiring("sign_ups", "token_hash", Duration.ZERO),
            // issue 17: an email verification's link, likewise
            new Expiring("email_verifications", "token_hash", Duration.ZERO),
            // issue 18, federation: a sign-in sent to a tenant's provider that never came back
            new Expiring("federation_attempts", "state_hash", Duration.ZERO),
            // issue 18: a provider's logout token's jti, kept as long as the token could be accepted
            new Expiring("federation_logout_jtis", "jti", Duration.ZERO),
            // past the token's exp the signature check refuses it by itself
            new Expiring("revoked_access_tokens", "jti", Duration.ZERO),
            // expires_at is on the database's clock, the cutoff on this replica's: the margin keeps
            // a replica whose clock runs ahead from ending a window early (which would reset a count)
            new Expiring("rate_limit_buckets", "client_key", Duration.ofMinutes(1)));

    private Rows rows;
    private Clock clock;
    private Duration interval;

    protected Housekeeping() {
        // for the CDI proxy
    }

    @Inject
    public Housekeeping(Rows rows, OidConfig config, Clock clock) {
        this.rows = rows;
        this.clock = clock;
        this.interval = config.housekeepingInterval();
    }

    @Override
    public PeriodicWork.Step step() {
        return PeriodicWork.Step.paced("oid-housekeeping", "Housekeeping: deleting expired rows", interval, this::round);
    }

    /** One round: every table in turn, even when one fails; answers the pause before the next round. */
    private Duration round(PeriodicWork.Running running) {
        Throwable firstFailure = null;
        for (Expiring expiring : TABLES) {
            if (!running.running()) {
                return Duration.ZERO;
            }
            try {
                int deleted = deleteExpired(expiring, clock.instant(), running);
                if (deleted > 0) {
                    LOG.debug("Housekeeping: deleted {} expired row(s) of {}", deleted, expiring.table());
                }
            } catch (RuntimeException | LinkageError failure) {
                // one table failing must not keep the others growing
                if (firstFailure == null) {
                    firstFailure = failure;
                }
            }
        }
        if (firstFailure != null) {
            throw new PeriodicWork.Failed(DatabaseFailures.describe(firstFailure));
        }
        return interval;
    }

    /** Deletes the table's dead rows batch by batch until a batch comes back short or the loop stops. */
    int deleteExpired(Expiring expiring, Instant now, PeriodicWork.Running running) {
        Instant cutoff = expiring.cutoff(now);
        int total = 0;
        while (running.running()) {
            // one statement, committed on its own
            int deleted = rows.query(expiring.deleteBatch()).set("cutoff", cutoff).set("batch", BATCH).update();
            total += deleted;
            if (deleted < BATCH || !running.pause(PAUSE)) {
                break;
            }
        }
        return total;
    }
}
