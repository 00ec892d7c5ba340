package com.orbusdigital.oid.ratelimit;

import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.persistence.Database;
import com.orbusdigital.oid.persistence.DatabaseFailures;
import com.orbusdigital.oid.persistence.DatabaseStartup;
import com.orbusdigital.oid.persistence.Rows;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RATE_LIMIT_PER_MINUTE requests a minute per key, counted in the table rate_limit_buckets, so
 * every replica counts against the same limit (OID_RATE_LIMIT_STORE=postgres). The semantics are
 * {@link InMemoryRateLimiter}'s: a window starts with a key's first request and lasts a minute;
 * the limit passes in it, the rest is refused until it ends.
 *
 * <p>One request costs one statement, in its own implicit transaction: an upsert that starts or
 * continues the window and returns the count, on the database's clock (replicas' clocks may
 * differ; the database has one). Bucket4j's PostgreSQL proxy managers would cost three to five
 * round trips with the row locked between them, and one clock per replica.
 *
 * <p>The limit fails open: while the database has not been reached at start-up, or cannot be
 * reached now, requests pass uncounted (the endpoints needing the database answer 503 by
 * themselves; those that do not keep working). An outage logs one warning and its end one line;
 * meanwhile one request at a time, at most once per {@link #RETRY_AFTER_FAILURE}, tries the
 * database again, so the others never wait for the pool's connection timeout.
 */
public final class PostgresRateLimiter implements RateLimiter {

    static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(PostgresRateLimiter.class);

    /**
     * Starts or continues the key's window; used stops at the limit + 1 (enough to refuse, and no overflow).
     * Issue 17: the forgotten password's limits count in the same table with this statement, under keys of their own.
     */
    public static final String COUNT = """
            INSERT INTO {schema}.rate_limit_buckets AS b (client_key, used, expires_at)
            VALUES (:key, 1, now() + make_interval(secs => :window))
            ON CONFLICT (client_key) DO UPDATE SET
                used = CASE WHEN b.expires_at > now() THEN least(b.used + 1, :most) ELSE 1 END,
                expires_at = CASE WHEN b.expires_at > now() THEN b.expires_at ELSE excluded.expires_at END
            RETURNING used, ceil(extract(epoch FROM expires_at - now()) * 1000)::bigint AS millis_left""";

    private final Rows rows;
    private final BooleanSupplier databaseReady;
    private final int perMinute;
    private final LongSupplier nanoTime;
    private final AtomicBoolean failing = new AtomicBoolean();
    /** While failing: when (nanoTime) the next request may try the database again. */
    private final AtomicLong retryAt = new AtomicLong();

    public PostgresRateLimiter(Database database, DatabaseStartup startup, OidConfig config) {
        this(database.dataSource(), startup::isReady, database.schema(), config.rateLimitPerMinute(), System::nanoTime);
    }

    /**
     * @param databaseReady whether start-up has reached and migrated the database
     * @param nanoTime      a monotonic nanosecond source, for the pause between retries
     */
    PostgresRateLimiter(DataSource dataSource, BooleanSupplier databaseReady, String schema, int perMinute, LongSupplier nanoTime) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("perMinute must be positive");
        }
        // one statement, its own transaction: no BEGIN and COMMIT round trips
        this.rows = Rows.autocommit(Objects.requireNonNull(dataSource, "dataSource"), schema);
        this.databaseReady = Objects.requireNonNull(databaseReady, "databaseReady");
        this.perMinute = perMinute;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    @Override
    public Decision tryAcquire(String key) {
        if (!databaseReady.getAsBoolean() || !mayTry()) {
            return Decision.uncounted(perMinute);
        }
        Decision decision;
        try {
            decision = count(key);
        } catch (RuntimeException failure) {
            retryAt.set(nanoTime.getAsLong() + RETRY_AFTER_FAILURE.toNanos());
            if (failing.compareAndSet(false, true)) {
                LOG.warn("Rate limit: cannot count in PostgreSQL ({}); requests pass uncounted until it answers again",
                        DatabaseFailures.describe(failure));
            }
            return Decision.uncounted(perMinute);
        }
        if (failing.compareAndSet(true, false)) {
            LOG.info("Rate limit: counting in PostgreSQL again");
        }
        return decision;
    }

    /** Healthy: always. Failing: one request, once the pause is over; the others pass without waiting for it. */
    private boolean mayTry() {
        if (!failing.get()) {
            return true;
        }
        long now = nanoTime.getAsLong();
        long at = retryAt.get();
        return now - at >= 0 && retryAt.compareAndSet(at, now + RETRY_AFTER_FAILURE.toNanos());
    }

    private Decision count(String key) {
        return rows.query(COUNT)
                .set("key", key)
                .set("window", (int) WINDOW.toSeconds())
                .set("most", perMinute + 1)
                .one(row -> decide(perMinute, row.intValue("used"), row.longValue("millis_left")));
    }

    /**
     * What a count means, as {@link InMemoryRateLimiter} says it.
     *
     * @param used       requests counted in the window, this one included
     * @param millisLeft until the window ends
     */
    static Decision decide(int perMinute, int used, long millisLeft) {
        long reset = RateLimiter.wholeSeconds(TimeUnit.MILLISECONDS.toNanos(millisLeft));
        if (used <= perMinute) {
            return new Decision(true, perMinute, perMinute - used, reset, 0);
        }
        return new Decision(false, perMinute, 0, reset, Math.max(1, reset));
    }
}
