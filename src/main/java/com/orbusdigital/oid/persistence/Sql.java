package com.orbusdigital.oid.persistence;

import java.util.ArrayList;
import java.util.List;

/**
 * One SQL statement as JDBC runs it: each {@code :name} replaced by {@code ?} (the names kept in
 * order, a name used twice bound twice) and {@code {schema}} by OID's schema. Parsed once per
 * statement text by {@link Rows}. Quoted text, quoted identifiers, comments and PostgreSQL's
 * {@code ::} casts are left alone; a {@code ?} of one's own is refused, so that parameters have one
 * spelling.
 */
final class Sql {

    static final String SCHEMA = "{schema}";

    private final String jdbc;
    private final List<String> parameters;

    private Sql(String jdbc, List<String> parameters) {
        this.jdbc = jdbc;
        this.parameters = List.copyOf(parameters);
    }

    static Sql parse(String text, String schema) {
        String sql = text.replace(SCHEMA, schema);
        StringBuilder jdbc = new StringBuilder(sql.length());
        List<String> parameters = new ArrayList<>();
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int end = sql.indexOf(c, i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated quote in " + text);
                }
                jdbc.append(sql, i, end + 1);
                i = end + 1;
            } else if (c == '-' && sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? sql.length() : end;
                jdbc.append(sql, i, end);
                i = end;
            } else if (c == ':' && sql.startsWith("::", i)) {
                jdbc.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < sql.length() && Character.isJavaIdentifierStart(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < sql.length() && Character.isJavaIdentifierPart(sql.charAt(end))) {
                    end++;
                }
                parameters.add(sql.substring(i + 1, end));
                jdbc.append('?');
                i = end;
            } else if (c == '?') {
                throw new IllegalArgumentException("a positional ? in " + text + ": name the parameter (:name)");
            } else {
                jdbc.append(c);
                i++;
            }
        }
        return new Sql(jdbc.toString(), parameters);
    }

    /** The statement with {@code ?} in place of the names. */
    String jdbc() {
        return jdbc;
    }

    /** The name of each {@code ?}, in order. */
    List<String> parameters() {
        return parameters;
    }
}
