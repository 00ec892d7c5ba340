package com.orbusdigital.oid.ratelimit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Counts requests per key (a client address, {@link ClientAddress#bucketKey}) against
 * RATE_LIMIT_PER_MINUTE: each key gets its limit in each minute that starts with its first
 * request. Where the counts live is OID_RATE_LIMIT_STORE's choice: {@link InMemoryRateLimiter}
 * (each replica on its own) or {@link PostgresRateLimiter} (one count shared by every replica).
 */
public interface RateLimiter {

    Duration WINDOW = Duration.ofMinutes(1);

    /**
     * The answer for one request, with what the RateLimit header fields say.
     *
     * @param resetSeconds      until the client's quota is whole again
     * @param retryAfterSeconds when refused: until the next request can pass (at least 1); else 0
     */
    record Decision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {

        /** A request the store could not count (it is unavailable): it passes, and nothing of the quota is spent. */
        static Decision uncounted(long limit) {
            return new Decision(true, limit, limit, 0, 0);
        }
    }

    /** Counts one request against key and says whether it may pass. */
    Decision tryAcquire(String key);

    /** Whole seconds, rounded up: a client told 0 would retry at once and be refused again. */
    static long wholeSeconds(long nanos) {
        return nanos <= 0 ? 0 : (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
    }
}
