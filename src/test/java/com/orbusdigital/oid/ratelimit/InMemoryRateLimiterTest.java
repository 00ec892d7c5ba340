package com.orbusdigital.oid.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.ratelimit.RateLimiter.Decision;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InMemoryRateLimiterTest {

    /** Time moves only when a test says so. */
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    private InMemoryRateLimiter limiter(int perMinute) {
        return new InMemoryRateLimiter(perMinute, InMemoryRateLimiter.MAX_TRACKED_ADDRESSES, nanos::get);
    }

    @Test
    void letsTheLimitThroughEachMinuteAndRefusesTheNextRequest() {
        InMemoryRateLimiter limiter = limiter(60);

        for (int i = 1; i <= 60; i++) {
            Decision decision = limiter.tryAcquire("6.6.6.6");
            assertThat(decision.allowed()).isTrue();
            assertThat(decision.limit()).isEqualTo(60);
            assertThat(decision.remaining()).isEqualTo(60 - i);
            assertThat(decision.retryAfterSeconds()).isZero();
        }
        assertThat(limiter.tryAcquire("6.6.6.6")).isEqualTo(new Decision(false, 60, 0, 60, 60));
    }

    @Test
    void saysHowLongToWaitInWholeSecondsRoundedUp() {
        InMemoryRateLimiter limiter = limiter(2);
        limiter.tryAcquire("6.6.6.6");
        limiter.tryAcquire("6.6.6.6");

        advance(Duration.ofMillis(30_500));
        assertThat(limiter.tryAcquire("6.6.6.6")).isEqualTo(new Decision(false, 2, 0, 30, 30));

        advance(Duration.ofMillis(29_400));
        assertThat(limiter.tryAcquire("6.6.6.6").retryAfterSeconds()).isEqualTo(1); // 100 ms left: never 0
    }

    @Test
    void theWholeQuotaComesBackAMinuteAfterTheFirstRequest() {
        InMemoryRateLimiter limiter = limiter(3);
        limiter.tryAcquire("6.6.6.6");
        advance(Duration.ofSeconds(20));
        limiter.tryAcquire("6.6.6.6");
        limiter.tryAcquire("6.6.6.6");
        assertThat(limiter.tryAcquire("6.6.6.6").allowed()).isFalse();

        advance(Duration.ofSeconds(40));
        Decision next = limiter.tryAcquire("6.6.6.6");
        assertThat(next.allowed()).isTrue();
        assertThat(next.remaining()).isEqualTo(2);
    }

    @Test
    void countsEachAddressOnItsOwn() {
        InMemoryRateLimiter limiter = limiter(1);

        assertThat(limiter.tryAcquire("6.6.6.6").allowed()).isTrue();
        assertThat(limiter.tryAcquire("6.6.6.6").allowed()).isFalse();
        assertThat(limiter.tryAcquire("7.7.7.7").allowed()).isTrue();
        assertThat(limiter.tryAcquire("2001:0db8:0001:0002::/64").allowed()).isTrue();
    }

    @Test
    void holdsABoundedNumberOfAddressesHoweverManyCome() {
        InMemoryRateLimiter limiter = limiter(60);

        for (int i = 0; i < 100_000; i++) {
            limiter.tryAcquire("10." + (i >> 16 & 0xFF) + "." + (i >> 8 & 0xFF) + "." + (i & 0xFF));
        }

        assertThat(InMemoryRateLimiter.MAX_TRACKED_ADDRESSES).isLessThan(100_000);
        assertThat(limiter.trackedAddresses()).isPositive().isLessThanOrEqualTo(InMemoryRateLimiter.MAX_TRACKED_ADDRESSES);
    }

    @Test
    void forgetsAnAddressAMinuteAfterItsLastRequest() {
        InMemoryRateLimiter limiter = limiter(60);
        for (int i = 0; i < 1000; i++) {
            limiter.tryAcquire("10.0." + (i >> 8) + "." + (i & 0xFF));
        }
        advance(Duration.ofSeconds(30));
        limiter.tryAcquire("6.6.6.6");
        assertThat(limiter.trackedAddresses()).isEqualTo(1001);

        advance(Duration.ofSeconds(31));
        assertThat(limiter.trackedAddresses()).isEqualTo(1); // only 6.6.6.6, used 31 s ago

        advance(Duration.ofSeconds(30));
        assertThat(limiter.trackedAddresses()).isZero();
    }

    @Test
    void aForgottenAddressStartsWithAFullQuotaAsItsOldBucketWouldHaveHad() {
        InMemoryRateLimiter limiter = limiter(2);
        limiter.tryAcquire("6.6.6.6");
        limiter.tryAcquire("6.6.6.6");

        advance(Duration.ofSeconds(61));
        assertThat(limiter.trackedAddresses()).isZero();
        assertThat(limiter.tryAcquire("6.6.6.6")).isEqualTo(new Decision(true, 2, 1, 60, 0));
    }
}
