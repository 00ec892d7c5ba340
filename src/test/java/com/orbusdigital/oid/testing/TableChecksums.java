package com.orbusdigital.oid.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Row count and an MD5 of every row of every table in OID's schema, to prove that a batch of
 * refused requests changed nothing. Two kinds of rows change on their own and are left out, exactly:
 * <ul>
 *   <li>rows that expire before {@code stableUntil} in the tables housekeeping deletes from
 *       ({@code auth_codes}, {@code refresh_tokens}, {@code sessions}, {@code revoked_access_tokens}:
 *       each has {@code expires_at});</li>
 *   <li>in {@code event_outbox}, {@code published_at} (the relay sets it) and rows added after the
 *       first snapshot, which {@link #newEvents} lists for the caller to judge.</li>
 * </ul>
 */
public final class TableChecksums {

    private final Map<String, String> tables;
    private final long lastEventId;
    private final Instant stableUntil;

    private TableChecksums(Map<String, String> tables, long lastEventId, Instant stableUntil) {
        this.tables = tables;
        this.lastEventId = lastEventId;
        this.stableUntil = stableUntil;
    }

    /** A first snapshot; rows expiring within {@code runFor} are left out of it and of every later one. */
    public static TableChecksums take(TestPostgres postgres, java.time.Duration runFor) {
        Instant stableUntil = Instant.now().plus(runFor);
        try (Connection connection = postgres.connect()) {
            long lastEventId;
            try (PreparedStatement max = connection.prepareStatement("SELECT coalesce(max(id), 0) FROM event_outbox");
                 ResultSet row = max.executeQuery()) {
                row.next();
                lastEventId = row.getLong(1);
            }
            return new TableChecksums(checksums(connection, lastEventId, stableUntil), lastEventId, stableUntil);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same tables, rows and columns now. */
    public Map<String, String> now(TestPostgres postgres) {
        try (Connection connection = postgres.connect()) {
            return checksums(connection, lastEventId, stableUntil);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Map<String, String> before() {
        return tables;
    }

    /** The type and payload of every event written to the outbox since the first snapshot. */
    public List<String> newEvents(TestPostgres postgres) {
        List<String> events = new ArrayList<>();
        try (Connection connection = postgres.connect();
             PreparedStatement select = connection.prepareStatement("SELECT type, payload FROM event_outbox WHERE id > ? ORDER BY id")) {
            select.setLong(1, lastEventId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    events.add(rows.getString(1) + " " + rows.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return events;
    }

    private static Map<String, String> checksums(Connection connection, long lastEventId, Instant stableUntil) throws SQLException {
        Map<String, String> checksums = new TreeMap<>();
        for (String table : tables(connection)) {
            String rows;
            List<Object> parameters = new ArrayList<>();
            if (table.equals("event_outbox")) {
                rows = "(SELECT id, event_id, tenant_id, type, payload, created_at FROM event_outbox WHERE id <= ?) t";
                parameters.add(lastEventId);
            } else if (hasColumn(connection, table, "expires_at")) {
                rows = "(SELECT * FROM " + table + " WHERE expires_at > ?) t";
                parameters.add(Timestamp.from(stableUntil));
            } else {
                rows = table + " t";
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT count(*) || ' rows, md5 ' || coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '-') FROM " + rows)) {
                for (int i = 0; i < parameters.size(); i++) {
                    select.setObject(i + 1, parameters.get(i));
                }
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    checksums.put(table, row.getString(1));
                }
            }
        }
        return checksums;
    }

    private static List<String> tables(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT table_name FROM information_schema.tables
                WHERE table_schema = 'oid' AND table_type = 'BASE TABLE' ORDER BY table_name""");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        if (tables.isEmpty()) {
            throw new IllegalStateException("no tables in schema oid");
        }
        return tables;
    }

    private static boolean hasColumn(Connection connection, String table, String column) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT 1 FROM information_schema.columns WHERE table_schema = 'oid' AND table_name = ? AND column_name = ?""")) {
            select.setString(1, table);
            select.setString(2, column);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }
}
