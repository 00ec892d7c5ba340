package com.orbusdigital.oid.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The row layer against a fake JDBC driver that records what it is given and answers rows by column name. */
class RowsTest {

    private record Token(UUID id, String scope, Optional<Instant> rotatedAt) {}

    private static final RowMapper<Token> TOKEN = row -> new Token(row.uuid("id"), row.string("scope"), row.optionalInstant("rotated_at"));

    private final List<String> prepared = new ArrayList<>();
    private final Map<Integer, Object> bound = new TreeMap<>();

    @Test
    void namedParametersBecomePositionalInOrderAndTheSchemaIsSubstituted() {
        Sql sql = Sql.parse("SELECT id FROM {schema}.refresh_tokens WHERE token_hash = :hash AND expires_at > :now"
                + " AND created_at < :now", "oid");

        assertThat(sql.jdbc()).isEqualTo("SELECT id FROM oid.refresh_tokens WHERE token_hash = ? AND expires_at > ? AND created_at < ?");
        assertThat(sql.parameters()).containsExactly("hash", "now", "now");
    }

    @Test
    void castsQuotedTextAndCommentsAreNotParameters() {
        Sql sql = Sql.parse("""
                SELECT ':not' AS "a:b", x::text -- :nor
                FROM t WHERE y = CAST(:yes AS uuid)""", "oid");

        assertThat(sql.parameters()).containsExactly("yes");
        assertThat(sql.jdbc()).contains("':not'", "\"a:b\"", "x::text", "-- :nor", "CAST(? AS uuid)");
    }

    @Test
    void aPositionalParameterIsRefused() {
        assertThatThrownBy(() -> Sql.parse("SELECT 1 FROM t WHERE a = ?", "oid"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name the parameter");
    }

    @Test
    void eachNameIsBoundWhereverItIsUsedAndOptionalsAndInstantsAreUnwrapped() {
        UUID id = UUID.randomUUID();
        Instant now = Instant.parse("2026-12-07T12:00:00Z");
        Rows rows = rows(List.of());

        rows.query("UPDATE {schema}.t SET a = :now, b = :id, c = :none WHERE d < :now")
                .set("now", now).set("id", Optional.of(id)).set("none", Optional.empty()).update();

        assertThat(prepared).containsExactly("UPDATE oid.t SET a = ?, b = ?, c = ? WHERE d < ?");
        assertThat(bound).containsEntry(1, now.atOffset(ZoneOffset.UTC)).containsEntry(2, id).containsEntry(3, "null")
                .containsEntry(4, now.atOffset(ZoneOffset.UTC));
    }

    @Test
    void aMapperReadsColumnsByNameWhateverTheirOrder() {
        UUID id = UUID.randomUUID();
        OffsetDateTime rotated = OffsetDateTime.parse("2026-12-07T12:00:00Z");
        Rows rows = rows(List.of(Map.of("scope", "openid", "rotated_at", rotated, "id", id)));

        List<Token> tokens = rows.query("SELECT scope, rotated_at, id FROM {schema}.t").list(TOKEN);

        assertThat(tokens).containsExactly(new Token(id, "openid", Optional.of(rotated.toInstant())));
    }

    @Test
    void aMissingParameterFailsAtTheFirstRunNamingIt() {
        Rows rows = rows(List.of());

        assertThatThrownBy(() -> rows.query("DELETE FROM {schema}.t WHERE a = :a AND b = :b").set("a", 1).update())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no value for :b");
    }

    @Test
    void aParameterTheStatementDoesNotHaveFailsAtOnce() {
        Rows rows = rows(List.of());

        assertThatThrownBy(() -> rows.query("DELETE FROM {schema}.t WHERE a = :a").set("b", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no parameter :b");
    }

    @Test
    void aColumnTheResultDoesNotHaveFailsAtTheFirstReadNamingIt() {
        Rows rows = rows(List.of(Map.of("id", UUID.randomUUID(), "scope", "openid")));

        assertThatThrownBy(() -> rows.query("SELECT id, scope FROM {schema}.t").list(TOKEN))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the result has no column rotated_at");
    }

    @Test
    void aRequiredColumnThatIsNullFailsNamingIt() {
        Map<String, Object> row = new HashMap<>(Map.of("scope", "openid", "rotated_at", OffsetDateTime.now()));
        row.put("id", null);
        Rows rows = rows(List.of(row));

        assertThatThrownBy(() -> rows.query("SELECT id, scope, rotated_at FROM {schema}.t").one(TOKEN))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("column id is null");
    }

    /** Rows over a fake connection answering {@code results}, each a row by column name (a column not there: 42703, as pgjdbc). */
    private Rows rows(List<Map<String, Object>> results) {
        Iterator<Map<String, Object>> cursor = results.iterator();
        Object[] current = new Object[1];
        ResultSet result = fake(ResultSet.class, (method, args) -> switch (method) {
            case "next" -> {
                current[0] = cursor.hasNext() ? cursor.next() : null;
                yield current[0] != null;
            }
            case "getObject", "getString" -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> row = (Map<String, Object>) current[0];
                if (!row.containsKey((String) args[0])) {
                    throw new SQLException("The column name " + args[0] + " was not found in this ResultSet.", "42703");
                }
                yield row.get((String) args[0]);
            }
            default -> null;
        });
        PreparedStatement statement = fake(PreparedStatement.class, (method, args) -> switch (method) {
            case "executeQuery" -> result;
            case "executeUpdate" -> 1;
            case "setObject", "setString", "setInt" -> {
                bound.put((Integer) args[0], args[1]);
                yield null;
            }
            case "setNull" -> {
                bound.put((Integer) args[0], "null");
                yield null;
            }
            default -> null;
        });
        Connection connection = fake(Connection.class, (method, args) -> {
            if (method.equals("prepareStatement")) {
                prepared.add((String) args[0]);
                return statement;
            }
            return null;
        });
        return Rows.on(connection, "oid");
    }

    private interface Answer {
        Object answer(String method, Object[] args) throws Exception;
    }

    private static <T> T fake(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> answer.answer(method.getName(), args)));
    }
}
