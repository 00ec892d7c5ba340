package com.orbusdigital.oid.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * RATE_LIMIT_PER_MINUTE requests a minute per key (a client address): one Bucket4j token bucket
 * per key, refilled whole once a minute, so a client gets exactly its limit in each minute that
 * starts with its first request.
 *
 * <p>Memory is bounded whatever the number of addresses: buckets live in a Caffeine cache holding
 * at most {@link #MAX_TRACKED_ADDRESSES} (the least useful are evicted first) and forgetting one a
 * minute after its last request. Forgetting an idle bucket never lets a client through sooner:
 * after a minute its bucket would have been full again anyway.
 *
 * <p>Each replica counts on its own: OID_RATE_LIMIT_STORE=memory, the default.
 */
public final class InMemoryRateLimiter implements RateLimiter {

    /** The bound on memory (docs/operations.md, Rate limiting, gives its size). */
    public static final int MAX_TRACKED_ADDRESSES = 50_000;

    private final int perMinute;
    private final TimeMeter time;
    private final Cache<String, Bucket> buckets;

    /** Production: monotonic time, so a step of the wall clock neither refills nor freezes anyone's quota. */
    public InMemoryRateLimiter(int perMinute) {
        this(perMinute, MAX_TRACKED_ADDRESSES, System::nanoTime);
    }

    /** @param nanoTime a monotonic nanosecond source (tests pass a hand-moved one) */
    InMemoryRateLimiter(int perMinute, int maxTrackedAddresses, LongSupplier nanoTime) {
        if (perMinute < 1 || maxTrackedAddresses < 1) {
            throw new IllegalArgumentException("perMinute and maxTrackedAddresses must be positive");
        }
        this.perMinute = perMinute;
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return nanoTime.getAsLong();
            }

            @Override
            public boolean isWallClockBased() {
                return false;
            }
        };
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxTrackedAddresses)
                .expireAfterAccess(WINDOW)
                .ticker(nanoTime::getAsLong)
                // evict on the request's own thread: no pool thread outliving the webapp, and a
                // bound that holds as soon as a request returns
                .executor(Runnable::run)
                .build();
    }

    @Override
    public Decision tryAcquire(String key) {
        Bucket bucket = buckets.get(key, unused -> newBucket());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        long reset = RateLimiter.wholeSeconds(probe.getNanosToWaitForReset());
        if (probe.isConsumed()) {
            return new Decision(true, perMinute, probe.getRemainingTokens(), reset, 0);
        }
        return new Decision(false, perMinute, 0, reset, Math.max(1, RateLimiter.wholeSeconds(probe.getNanosToWaitForRefill())));
    }

    /** How many keys are held now, after pending evictions and expiries. */
    long trackedAddresses() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(perMinute).refillIntervally(perMinute, WINDOW))
                .withCustomTimePrecision(time)
                .build();
    }
}
