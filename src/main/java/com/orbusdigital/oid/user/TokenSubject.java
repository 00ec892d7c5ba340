package com.orbusdigital.oid.user;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the tokens of a signed-in user say about them: read in one statement when tokens are
 * issued (authorization code and refresh grants), never as a managed entity.
 *
 * @param roles the names of the user's roles, sorted
 */
public record TokenSubject(UUID id, String username, Optional<String> name, Optional<String> email, boolean emailVerified,
                           Instant updatedAt, List<String> roles) {}
