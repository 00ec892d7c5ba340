package com.orbusdigital.oid.user;

import com.orbusdigital.oid.persistence.Rows;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What the tokens of a signed-in user say about them: read in one statement when tokens are
 * issued (authorization code and refresh grants), never as a managed entity.
 *
 * @param roles the names of the user's roles, sorted
 */
public record TokenSubject(UUID id, String username, Optional<String> name, Optional<String> email, boolean emailVerified,
                           Instant updatedAt, List<String> roles) {

    /**
     * The select list that {@link #from} reads, over {@code users u} and {@code roles ro}, which a
     * query joins to the user so that it answers one row per role (or one row with a null role).
     */
    public static final String COLUMNS = "u.id, u.username, u.name, u.email, u.email_verified, u.updated_at, ro.name";

    /** What joins the roles {@code ro} of the user {@code u} for {@link #COLUMNS}; a user without roles keeps one row. */
    public static final String ROLES = """
             LEFT JOIN {h-schema}user_roles ur ON ur.user_id = u.id
            LEFT JOIN {h-schema}roles ro ON ro.id = ur.role_id
            """;

    /**
     * The subject in {@code rows}, {@link #COLUMNS} starting at column {@code at}; empty when there
     * are no rows or their user id is null (an outer join that found no user that may have tokens).
     */
    public static Optional<TokenSubject> from(List<Object[]> rows, int at) {
        if (rows.isEmpty() || rows.get(0)[at] == null) {
            return Optional.empty();
        }
        Object[] user = rows.get(0);
        List<String> roles = rows.stream().map(row -> (String) row[at + 6]).filter(Objects::nonNull).sorted().toList();
        return Optional.of(new TokenSubject(Rows.uuid(user[at]), (String) user[at + 1], Optional.ofNullable((String) user[at + 2]),
                Optional.ofNullable((String) user[at + 3]), (Boolean) user[at + 4], Rows.instant(user[at + 5]), roles));
    }
}
