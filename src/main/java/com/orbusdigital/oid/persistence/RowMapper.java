package com.orbusdigital.oid.persistence;

import java.sql.SQLException;

/** Makes one record of one result row, reading its columns by name: one mapper per record type. */
@FunctionalInterface
public interface RowMapper<T> {

    T map(Row row) throws SQLException;
}
