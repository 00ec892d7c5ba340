package com.orbusdigital.oid.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** Which failures are a lost database (503, retry) rather than a bug (500). */
class DatabaseUnavailableTest {

    private static PersistenceException wrapped(Throwable cause) {
        return new PersistenceException("could not execute statement", cause);
    }

    @Test
    void noConnectionWithinThePoolTimeoutIsUnavailable() {
        assertThat(UnexpectedExceptionMapper.isDatabaseUnavailable(
                wrapped(new SQLTransientConnectionException("oid - Connection is not available")))).isTrue();
    }

    @Test
    void aPooledConnectionLostWhenPostgresStopsIsUnavailable() {
        // what pgjdbc reports on a connection whose server shut down, or whose socket broke
        assertThat(UnexpectedExceptionMapper.isDatabaseUnavailable(wrapped(new SQLException("terminating connection", "57P01")))).isTrue();
        assertThat(UnexpectedExceptionMapper.isDatabaseUnavailable(wrapped(new SQLException("the database system is starting up", "57P03")))).isTrue();
        assertThat(UnexpectedExceptionMapper.isDatabaseUnavailable(wrapped(new SQLException("An I/O error occurred", "08006")))).isTrue();
    }

    @Test
    void otherDatabaseErrorsAreNot() {
        assertThat(UnexpectedExceptionMapper.isDatabaseUnavailable(wrapped(new SQLException("duplicate key", "23505")))).isFalse();
        assertThat(UnexpectedExceptionMapper.isDatabaseUnavailable(wrapped(new SQLException("no state")))).isFalse();
        assertThat(UnexpectedExceptionMapper.isDatabaseUnavailable(new IllegalStateException("bug"))).isFalse();
    }
}
