package com.orbusdigital.oid.user;

import com.orbusdigital.oid.persistence.RowMapper;
import com.orbusdigital.oid.protocol.StandardClaims;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the tokens of a signed-in user say about them: read from the view {@code token_subjects}
 * (an enabled user of an enabled tenant, with their roles) in the statement that issues tokens,
 * never as a managed entity.
 *
 * @param roles   the names of the user's roles, sorted
 * @param profile the user's other standard claims as stored (JSON), read only by {@link #claims()}
 */
public record TokenSubject(UUID id, String username, Optional<String> name, Optional<String> email, boolean emailVerified,
                           Instant updatedAt, List<String> roles, Optional<String> profile) {

    /**
     * Reads a row that selects, from {@code token_subjects s}: {@code s.id AS subject_id, s.username,
     * s.name, s.email, s.email_verified, s.updated_at, s.roles, s.profile}.
     */
    public static final RowMapper<TokenSubject> MAPPER = row -> new TokenSubject(row.uuid("subject_id"), row.string("username"),
            row.optionalString("name"), row.optionalString("email"), row.bool("email_verified"), row.instant("updated_at"),
            row.strings("roles").stream().sorted().toList(), row.optionalString("profile"));

    /** A subject without standard claims beyond the columns. */
    public TokenSubject(UUID id, String username, Optional<String> name, Optional<String> email, boolean emailVerified,
                        Instant updatedAt, List<String> roles) {
        this(id, username, name, email, emailVerified, updatedAt, roles, Optional.empty());
    }

    /**
     * The user's other standard claims, for an ID token whose {@code claims} request may ask for them:
     * parsed here, when an ID token is made, not for every refresh that answers none.
     */
    public StandardClaims claims() {
        return profile.map(StandardClaims::fromJson).orElse(StandardClaims.NONE);
    }
}
