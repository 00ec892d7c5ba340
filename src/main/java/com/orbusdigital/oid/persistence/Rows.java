package com.orbusdigital.oid.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.context.spi.Context;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.hibernate.Session;

/**
 * The one way the protocol side reads and writes rows (the admin side uses entities). SQL lives
 * in named constants with {@code :named} parameters and OID's schema as {@code {schema}}; each
 * record type has one {@link RowMapper} reading columns by name.
 * <pre>
 * rows.query(FIND).set("hash", hash).optional(STORED)
 * </pre>
 * A statement runs on the connection of the transaction the use case opened ({@link Transactional}),
 * so its SQL and any entity work commit together — pending entity changes are flushed first, as a
 * native query would. Outside a transaction it commits on its own (autocommit: no BEGIN, no COMMIT),
 * which is what a single statement that is a whole step wants.
 * <p>
 * The schema is substituted here, once per statement text, rather than set as the connections'
 * search_path: a container's pool (JNDI) hands out connections OID does not configure.
 */
@ApplicationScoped
public class Rows {

    /** Where a statement runs. */
    interface Connections {
        <T> T run(Work<T> work);
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private Connections connections;
    private String schema;
    private final Map<String, Sql> parsed = new ConcurrentHashMap<>();

    protected Rows() {
        // for the CDI proxy
    }

    @Inject
    public Rows(BeanManager beans, Database database) {
        this(new Connections() {
            private final Bean<?> entityManagers = beans.resolve(beans.getBeans(EntityManager.class));

            @Override
            public <T> T run(Work<T> work) {
                Optional<EntityManager> current = requestsEntityManager(beans, entityManagers);
                if (current.isPresent() && current.get().getTransaction().isActive()) {
                    current.get().flush(); // the entity changes first, as a native query would
                    return current.get().unwrap(Session.class).doReturningWork(work::run);
                }
                return autocommit(database.dataSource(), work);
            }
        }, database.schema());
    }

    Rows(Connections connections, String schema) {
        this.connections = connections;
        this.schema = schema;
    }

    /** Statements each committed on their own, on connections of {@code dataSource}: for work outside CDI's request scope. */
    public static Rows autocommit(DataSource dataSource, String schema) {
        return new Rows(new Connections() {
            @Override
            public <T> T run(Work<T> work) {
                return autocommit(dataSource, work);
            }
        }, schema);
    }

    /** Statements on this one connection, in whatever transaction its owner keeps (tests). */
    public static Rows on(Connection connection, String schema) {
        return new Rows(new Connections() {
            @Override
            public <T> T run(Work<T> work) {
                try {
                    return work.run(connection);
                } catch (SQLException e) {
                    throw new PersistenceException(e.getMessage(), e);
                }
            }
        }, schema);
    }

    /** The statement {@code sql} (a constant), its parameters to bind by name. */
    public Query query(String sql) {
        return new Query(parsed.computeIfAbsent(sql, text -> Sql.parse(text, schema)));
    }

    /** One execution of a statement: bind every parameter by name, then run it once. */
    public final class Query {

        private final Sql sql;
        private final Object[] values;
        private final boolean[] bound;

        private Query(Sql sql) {
            this.sql = sql;
            this.values = new Object[sql.parameters().size()];
            this.bound = new boolean[values.length];
        }

        /** Binds {@code :name}; an {@link Optional} binds its value or null, an {@link Instant} a timestamptz. */
        public Query set(String name, Object value) {
            Object unwrapped = value instanceof Optional<?> optional ? optional.orElse(null) : value;
            boolean found = false;
            for (int i = 0; i < values.length; i++) {
                if (sql.parameters().get(i).equals(name)) {
                    values[i] = unwrapped;
                    bound[i] = true;
                    found = true;
                }
            }
            if (!found) {
                throw new IllegalArgumentException("no parameter :" + name + " in " + sql.jdbc());
            }
            return this;
        }

        /** Every row, mapped. */
        public <T> List<T> list(RowMapper<T> mapper) {
            return connections.run(connection -> {
                try (PreparedStatement statement = prepare(connection); ResultSet result = statement.executeQuery()) {
                    List<T> rows = new ArrayList<>();
                    Row row = new Row(result);
                    while (result.next()) {
                        rows.add(mapper.map(row));
                    }
                    return rows;
                }
            });
        }

        /** The first row, mapped; empty when there is none. */
        public <T> Optional<T> optional(RowMapper<T> mapper) {
            return connections.run(connection -> {
                try (PreparedStatement statement = prepare(connection); ResultSet result = statement.executeQuery()) {
                    return result.next() ? Optional.of(mapper.map(new Row(result))) : Optional.empty();
                }
            });
        }

        /** The one row the statement always answers (a count, an upsert's RETURNING), mapped. */
        public <T> T one(RowMapper<T> mapper) {
            return optional(mapper).orElseThrow(() -> new IllegalStateException("no row from " + sql.jdbc()));
        }

        /** Runs a statement that answers no rows; how many rows it changed. */
        public int update() {
            return connections.run(connection -> {
                try (PreparedStatement statement = prepare(connection)) {
                    return statement.executeUpdate();
                }
            });
        }

        private PreparedStatement prepare(Connection connection) throws SQLException {
            PreparedStatement statement = connection.prepareStatement(sql.jdbc());
            try {
                for (int i = 0; i < values.length; i++) {
                    if (!bound[i]) {
                        throw new IllegalStateException("no value for :" + sql.parameters().get(i) + " in " + sql.jdbc());
                    }
                    bind(statement, i + 1, values[i]);
                }
                return statement;
            } catch (SQLException | RuntimeException e) {
                statement.close();
                throw e;
            }
        }
    }

    private static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.OTHER); // PostgreSQL infers the type from where it is used
        } else if (value instanceof String text) {
            statement.setString(index, text);
        } else if (value instanceof Instant instant) {
            statement.setObject(index, instant.atOffset(ZoneOffset.UTC));
        } else if (value instanceof UUID || value instanceof Boolean || value instanceof Long || value instanceof Double) {
            statement.setObject(index, value);
        } else if (value instanceof Integer number) {
            statement.setInt(index, number);
        } else if (value instanceof byte[] bytes) {
            statement.setBytes(index, bytes);
        } else {
            throw new IllegalArgumentException("cannot bind a " + value.getClass().getName());
        }
    }

    /**
     * The request's EntityManager if the request has made one: asking the request-scoped proxy would
     * make one only to learn that no transaction is open, on paths (a refresh) that need none.
     */
    private static Optional<EntityManager> requestsEntityManager(BeanManager beans, Bean<?> entityManagers) {
        Context requests;
        try {
            requests = beans.getContext(RequestScoped.class);
        } catch (ContextNotActiveException noRequest) {
            return Optional.empty();
        }
        return Optional.ofNullable((EntityManager) requests.get(entityManagers));
    }

    private static <T> T autocommit(DataSource dataSource, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            // one statement, its own transaction: no BEGIN and COMMIT round trips (the pool resets
            // the connection's mode when it takes it back)
            connection.setAutoCommit(true);
            return work.run(connection);
        } catch (SQLException e) {
            throw new PersistenceException(e.getMessage(), e);
        }
    }
}
