package com.orbusdigital.oid.persistence;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The current row of a result, read by column name — never by position, so a select list can
 * change without any reader counting columns. A column the statement does not answer fails at the
 * first read, naming it; a required column that is null too.
 */
public final class Row {

    /** PostgreSQL's undefined_column, which pgjdbc also answers for a name not in the result. */
    private static final String UNDEFINED_COLUMN = "42703";

    private final ResultSet result;

    Row(ResultSet result) {
        this.result = result;
    }

    public UUID uuid(String column) throws SQLException {
        return required(column, optionalUuid(column));
    }

    public Optional<UUID> optionalUuid(String column) throws SQLException {
        Object value = read(column);
        if (value == null || value instanceof UUID) {
            return Optional.ofNullable((UUID) value);
        }
        return Optional.of(UUID.fromString(value.toString()));
    }

    public String string(String column) throws SQLException {
        return required(column, optionalString(column));
    }

    public Optional<String> optionalString(String column) throws SQLException {
        try {
            return Optional.ofNullable(result.getString(column));
        } catch (SQLException e) {
            throw undefined(column, e);
        }
    }

    public Instant instant(String column) throws SQLException {
        return required(column, optionalInstant(column));
    }

    public Optional<Instant> optionalInstant(String column) throws SQLException {
        try {
            return Optional.ofNullable(result.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
        } catch (SQLException e) {
            throw undefined(column, e);
        }
    }

    /** A boolean column that is never null. */
    public boolean bool(String column) throws SQLException {
        return required(column, Optional.ofNullable((Boolean) read(column)));
    }

    /** A bigint (or narrower) column that is never null. */
    public long longValue(String column) throws SQLException {
        try {
            return result.getLong(column);
        } catch (SQLException e) {
            throw undefined(column, e);
        }
    }

    /** An integer column that is never null. */
    public int intValue(String column) throws SQLException {
        try {
            return result.getInt(column);
        } catch (SQLException e) {
            throw undefined(column, e);
        }
    }

    public byte[] bytes(String column) throws SQLException {
        try {
            return required(column, Optional.ofNullable(result.getBytes(column)));
        } catch (SQLException e) {
            throw undefined(column, e);
        }
    }

    public Optional<byte[]> optionalBytes(String column) throws SQLException {
        try {
            return Optional.ofNullable(result.getBytes(column));
        } catch (SQLException e) {
            throw undefined(column, e);
        }
    }

    /** A text[] column that is never null. */
    public List<String> strings(String column) throws SQLException {
        Array array;
        try {
            array = required(column, Optional.ofNullable(result.getArray(column)));
        } catch (SQLException e) {
            throw undefined(column, e);
        }
        try {
            return List.of((String[]) array.getArray());
        } finally {
            array.free();
        }
    }

    private Object read(String column) throws SQLException {
        try {
            return result.getObject(column);
        } catch (SQLException e) {
            throw undefined(column, e);
        }
    }

    private static <T> T required(String column, Optional<T> value) {
        return value.orElseThrow(() -> new IllegalStateException("column " + column + " is null"));
    }

    /** A column missing from the result is a mistake in the code, not a database failure: said as such. */
    private static SQLException undefined(String column, SQLException e) {
        if (UNDEFINED_COLUMN.equals(e.getSQLState())) {
            throw new IllegalStateException("the result has no column " + column, e);
        }
        return e;
    }
}
