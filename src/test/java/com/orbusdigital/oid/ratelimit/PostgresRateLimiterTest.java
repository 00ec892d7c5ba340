package com.orbusdigital.oid.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.ratelimit.RateLimiter.Decision;
import java.lang.reflect.Proxy;
import java.net.ConnectException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The decision mapping and the fail-open rules; SharedRateLimitIT counts on a real PostgreSQL. */
class PostgresRateLimiterTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicBoolean ready = new AtomicBoolean(true);
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicInteger connectionsAsked = new AtomicInteger();
    /** What the fake database answers: requests counted in the window, this one included. */
    private final AtomicInteger used = new AtomicInteger();

    @Test
    void aCountWithinTheLimitPassesAndSaysWhatIsLeft() {
        assertThat(PostgresRateLimiter.decide(60, 1, 60_000)).isEqualTo(new Decision(true, 60, 59, 60, 0));
        assertThat(PostgresRateLimiter.decide(60, 60, 1)).isEqualTo(new Decision(true, 60, 0, 1, 0));
    }

    @Test
    void aCountOverTheLimitIsRefusedUntilTheWindowEndsInWholeSecondsRoundedUp() {
        assertThat(PostgresRateLimiter.decide(60, 61, 30_500)).isEqualTo(new Decision(false, 60, 0, 31, 31));
        assertThat(PostgresRateLimiter.decide(2, 3, 60_000)).isEqualTo(new Decision(false, 2, 0, 60, 60));
        // the window ends in the same millisecond: never "retry after 0"
        assertThat(PostgresRateLimiter.decide(2, 3, 0).retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void countsWhatTheDatabaseAnswers() {
        PostgresRateLimiter limiter = limiter();
        used.set(3);
        assertThat(limiter.tryAcquire("6.6.6.6")).isEqualTo(new Decision(true, 60, 57, 42, 0));
        used.set(61);
        assertThat(limiter.tryAcquire("6.6.6.6").allowed()).isFalse();
    }

    @Test
    void beforeStartUpHasReachedTheDatabaseRequestsPassUncountedWithoutAskingIt() {
        ready.set(false);
        PostgresRateLimiter limiter = limiter();

        assertThat(limiter.tryAcquire("6.6.6.6")).isEqualTo(new Decision(true, 60, 60, 0, 0));
        assertThat(connectionsAsked).hasValue(0);
    }

    @Test
    void whileTheDatabaseIsDownRequestsPassAndOnlyOneASecondTriesIt() {
        PostgresRateLimiter limiter = limiter();
        down.set(true);

        assertThat(limiter.tryAcquire("6.6.6.6")).isEqualTo(new Decision(true, 60, 60, 0, 0));
        assertThat(limiter.tryAcquire("6.6.6.6").allowed()).isTrue();
        assertThat(limiter.tryAcquire("7.7.7.7").allowed()).isTrue();
        assertThat(connectionsAsked).as("only the first request waited for the pool").hasValue(1);

        nanos.addAndGet(PostgresRateLimiter.RETRY_AFTER_FAILURE.toNanos());
        assertThat(limiter.tryAcquire("6.6.6.6").allowed()).isTrue();
        assertThat(limiter.tryAcquire("6.6.6.6").allowed()).isTrue();
        assertThat(connectionsAsked).hasValue(2);

        down.set(false);
        used.set(61);
        assertThat(limiter.tryAcquire("6.6.6.6").allowed()).as("still pausing").isTrue();
        nanos.addAndGet(PostgresRateLimiter.RETRY_AFTER_FAILURE.plus(Duration.ofMillis(1)).toNanos());
        assertThat(limiter.tryAcquire("6.6.6.6").allowed()).as("counted again").isFalse();
        assertThat(limiter.tryAcquire("6.6.6.6").allowed()).isFalse();
        assertThat(connectionsAsked).hasValue(4);
    }

    @Test
    void aFailingStatementPassesTheRequestToo() {
        PostgresRateLimiter limiter = limiter();
        used.set(-1); // the fake answers no row

        assertThat(limiter.tryAcquire("6.6.6.6")).isEqualTo(new Decision(true, 60, 60, 0, 0));
    }

    private PostgresRateLimiter limiter() {
        return new PostgresRateLimiter(dataSource(), ready::get, "oid", 60, nanos::get);
    }

    /** Answers the upsert with {@link #used} and 41.5 s left, or refuses connections while {@link #down}. */
    private DataSource dataSource() {
        ResultSet row = fake(ResultSet.class, (method, args) -> switch (method) {
            case "next" -> used.get() >= 0;
            case "getInt" -> used.get();
            case "getLong" -> 41_500L;
            default -> null;
        });
        PreparedStatement statement = fake(PreparedStatement.class, (method, args) -> method.equals("executeQuery") ? row : null);
        Connection connection = fake(Connection.class, (method, args) -> method.equals("prepareStatement") ? statement : null);
        return fake(DataSource.class, (method, args) -> {
            if (!method.equals("getConnection")) {
                return null;
            }
            connectionsAsked.incrementAndGet();
            if (down.get()) {
                throw new SQLException("Connection to 127.0.0.1:5432 refused", "08001", new ConnectException("Connection refused"));
            }
            return connection;
        });
    }

    private interface Answer {
        Object answer(String method, Object[] args) throws Exception;
    }

    private static <T> T fake(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> answer.answer(method.getName(), args)));
    }
}
