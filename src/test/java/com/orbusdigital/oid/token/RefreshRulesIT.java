package com.orbusdigital.oid.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.protocol.Authentication;
import com.orbusdigital.oid.protocol.ClaimsRequest;
import com.orbusdigital.oid.protocol.Scope;
import com.orbusdigital.oid.protocol.OAuthError;
import com.orbusdigital.oid.persistence.Rows;
import com.orbusdigital.oid.testing.StandaloneTomcat;
import com.orbusdigital.oid.testing.TestPostgres;
import com.orbusdigital.oid.token.RefreshTokens.Refresh;
import com.orbusdigital.oid.token.RefreshTokens.Rotation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The refresh rules are stated once ({@link RefreshTokens#judge}) and applied by two paths: the
 * fast one, a single statement that says the rules again in SQL, and the careful one, under the
 * row lock. Every case runs through both on the real PostgreSQL, each on a token of its own in the
 * same state, and they must come to the same outcome — the one the case expects. The fast path
 * may leave a case to the careful one (a retired token), never decide it otherwise.
 */
class RefreshRulesIT {

    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final Duration IDLE = Duration.ofDays(1);
    private static final Duration FAMILY = Duration.ofDays(30);
    private static final Scope GRANTED = Scope.parse("openid profile email");
    private static final String INVALID = RefreshTokens.INVALID;
    private static final String GONE = "the user can no longer sign in";

    private static TestPostgres postgres;
    private static Connection connection;
    private static RefreshTokens refreshTokens;

    /** One case: the state its tokens are put in, the scope the refresh asks for, and the outcome both paths must reach. */
    enum Case {
        VALID(Case::asIs, Optional.empty(), Expected.rotated(GRANTED)),
        VALID_OFFLINE(f -> f.sql("UPDATE refresh_tokens SET offline = true WHERE family_id = ?", f.family), Optional.empty(),
                Expected.rotated(GRANTED)),
        NARROWER_SCOPE(Case::asIs, Optional.of(Scope.parse("openid email")), Expected.rotated(Scope.parse("openid email"))),
        WIDER_SCOPE(Case::asIs, Optional.of(Scope.parse("openid admin")),
                Expected.refused(OAuthError.INVALID_SCOPE, "scope 'admin' was not granted to this refresh token")),
        UNKNOWN(f -> f.sql("DELETE FROM refresh_tokens WHERE family_id = ?", f.family), Optional.empty(),
                Expected.refused(OAuthError.INVALID_GRANT, INVALID)),
        ANOTHER_CLIENTS(f -> f.presentedBy = f.otherClient, Optional.empty(), Expected.refused(OAuthError.INVALID_GRANT, INVALID)),
        REVOKED(f -> f.sql("UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ?", f.now.minusSeconds(60), f.family),
                Optional.empty(), Expected.refused(OAuthError.INVALID_GRANT, INVALID)),
        IDLE_EXPIRED(f -> f.sql("UPDATE refresh_tokens SET expires_at = ? WHERE family_id = ?", f.now.minusSeconds(1), f.family),
                Optional.empty(), Expected.refused(OAuthError.INVALID_GRANT, INVALID)),
        FAMILY_EXPIRED(f -> f.sql("UPDATE refresh_tokens SET expires_at = ?, family_expires_at = ? WHERE family_id = ?",
                f.now.minusSeconds(1), f.now.minusSeconds(1), f.family), Optional.empty(), Expected.refused(OAuthError.INVALID_GRANT, INVALID)),
        ROTATED_WITHIN_GRACE(f -> f.sql("UPDATE refresh_tokens SET rotated_at = ? WHERE family_id = ?", f.now.minusSeconds(2), f.family),
                Optional.empty(), Expected.rotated(GRANTED)),
        ROTATED_BEYOND_GRACE(f -> f.sql("UPDATE refresh_tokens SET rotated_at = ? WHERE family_id = ?", f.now.minus(GRACE), f.family),
                Optional.empty(), Expected.REUSE),
        REUSED_AND_EXPIRED(f -> f.sql("UPDATE refresh_tokens SET rotated_at = ?, expires_at = ? WHERE family_id = ?",
                f.now.minusSeconds(3600), f.now.minusSeconds(60), f.family), Optional.empty(), Expected.REUSE),
        USER_DISABLED(f -> f.sql("UPDATE users SET enabled = false WHERE id = ?", f.user), Optional.empty(),
                Expected.refused(OAuthError.INVALID_GRANT, GONE)),
        USER_DELETED(f -> f.sql("DELETE FROM users WHERE id = ?", f.user), Optional.empty(), Expected.refused(OAuthError.INVALID_GRANT, INVALID)),
        TENANT_DISABLED(f -> f.sql("UPDATE tenants SET enabled = false WHERE id = ?", f.tenant), Optional.empty(),
                Expected.refused(OAuthError.INVALID_GRANT, GONE)),
        CLIENT_DISABLED(f -> f.sql("UPDATE clients SET enabled = false WHERE id = ?", f.client), Optional.empty(),
                Expected.refused(OAuthError.INVALID_GRANT, INVALID)),
        USER_WATERMARK_COVERS_IT(f -> f.sql("UPDATE users SET tokens_revoked_before = ? WHERE id = ?",
                f.now.truncatedTo(ChronoUnit.SECONDS), f.user), Optional.empty(), Expected.refused(OAuthError.INVALID_GRANT, INVALID)),
        CLIENT_WATERMARK_COVERS_IT(f -> f.sql("UPDATE clients SET tokens_revoked_before = ? WHERE id = ?",
                f.now.truncatedTo(ChronoUnit.SECONDS), f.client), Optional.empty(), Expected.refused(OAuthError.INVALID_GRANT, INVALID)),
        WATERMARK_BEFORE_IT(f -> f.sql("UPDATE users SET tokens_revoked_before = ? WHERE id = ?",
                f.now.minusSeconds(61).truncatedTo(ChronoUnit.SECONDS), f.user), Optional.empty(), Expected.rotated(GRANTED)),
        OFFLINE_OF_A_DISABLED_USER(f -> {
            f.sql("UPDATE refresh_tokens SET offline = true WHERE family_id = ?", f.family);
            f.sql("UPDATE users SET enabled = false WHERE id = ?", f.user);
        }, Optional.empty(), Expected.refused(OAuthError.INVALID_GRANT, GONE));

        final Setup setup;
        final Optional<Scope> asked;
        final Expected expected;

        Case(Setup setup, Optional<Scope> asked, Expected expected) {
            this.setup = setup;
            this.asked = asked;
            this.expected = expected;
        }

        private static void asIs(Family family) {}
    }

    @FunctionalInterface
    interface Setup {
        void apply(Family family) throws SQLException;
    }

    /** An outcome without what differs from one token to the next (ids, values). */
    record Expected(String kind, Optional<OAuthError> error, String description, Optional<Scope> scope) {
        static final Expected REUSE = new Expected("reuse detected", Optional.empty(), "", Optional.empty());

        static Expected rotated(Scope scope) {
            return new Expected("rotated", Optional.empty(), "", Optional.of(scope));
        }

        static Expected refused(OAuthError error, String description) {
            return new Expected("refused", Optional.of(error), description, Optional.empty());
        }

        static Expected of(Rotation outcome) {
            if (outcome instanceof Rotation.Rotated rotated) {
                assertThat(rotated.subject().roles()).containsExactly("auditor", "billing");
                return rotated(rotated.scope());
            }
            if (outcome instanceof Rotation.Refused refused) {
                return refused(refused.error(), refused.description());
            }
            assertThat(((Rotation.ReuseDetected) outcome).refreshTokensRevoked()).isEqualTo(1);
            return REUSE;
        }
    }

    @BeforeAll
    static void database() throws Exception {
        postgres = TestPostgres.start(StandaloneTomcat.freePort());
        Flyway.configure()
                .dataSource("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + TestPostgres.DATABASE, TestPostgres.USER,
                        TestPostgres.PASSWORD)
                .schemas("oid")
                .createSchemas(true)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        connection = postgres.connect();
        refreshTokens = new RefreshTokens(Rows.on(connection, "oid"), new RevokedAccessTokens(Rows.on(connection, "oid"),
                Clock.systemUTC()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (connection != null) {
            connection.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void theFastAndTheCarefulPathComeToTheSameOutcome(Case rule) throws Exception {
        Family fast = Family.create(Instant.now().truncatedTo(ChronoUnit.MICROS));
        Family careful = Family.create(fast.now);
        rule.setup.apply(fast);
        rule.setup.apply(careful);

        Optional<Rotation> decidedAtOnce = fastPath(fast, rule.asked);
        Rotation carefully = carefulPath(careful, rule.asked);

        assertThat(Expected.of(carefully)).as("the careful path").isEqualTo(rule.expected);
        decidedAtOnce.ifPresent(outcome -> assertThat(Expected.of(outcome)).as("the fast path").isEqualTo(rule.expected));
        // the fast path leaves only a retired token (within the grace period or reused) to the careful one
        assertThat(decidedAtOnce.isEmpty()).as("left to the careful path")
                .isEqualTo(List.of(Case.ROTATED_WITHIN_GRACE, Case.ROTATED_BEYOND_GRACE, Case.REUSED_AND_EXPIRED).contains(rule));
        if (decidedAtOnce.isEmpty()) {
            // as the grant does: what the fast path left open, the careful path decides
            assertThat(Expected.of(carefulPath(fast, rule.asked))).as("the fast path, then the careful one").isEqualTo(rule.expected);
        }
        assertThat(fast.rowsOfTheFamily()).as("rows of the family after the fast path")
                .isEqualTo(careful.rowsOfTheFamily());
    }

    private static Optional<Rotation> fastPath(Family family, Optional<Scope> asked) throws SQLException {
        connection.setAutoCommit(true);
        return refreshTokens.rotateAtOnce(family.refresh(asked));
    }

    private static Rotation carefulPath(Family family, Optional<Scope> asked) throws SQLException {
        connection.setAutoCommit(false);
        try {
            Rotation outcome = refreshTokens.rotateCarefully(family.refresh(asked), GRACE);
            connection.commit();
            return outcome;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** A tenant, a client (and another of the tenant), a user with two roles, and one refresh token of a new family. */
    static final class Family {
        final Instant now;
        final UUID tenant = UUID.randomUUID();
        final UUID client = UUID.randomUUID();
        final UUID otherClient = UUID.randomUUID();
        final UUID user = UUID.randomUUID();
        final UUID family = UUID.randomUUID();
        UUID presentedBy = client;
        String value;

        private Family(Instant now) {
            this.now = now;
        }

        static Family create(Instant now) throws SQLException {
            Family f = new Family(now);
            f.sql("INSERT INTO tenants (id, slug, name) VALUES (?, ?, 'Rules')", f.tenant, "t" + f.tenant.toString().substring(0, 8));
            for (UUID client : List.of(f.client, f.otherClient)) {
                f.sql("INSERT INTO clients (id, tenant_id, client_id, name, type) VALUES (?, ?, ?, 'App', 'public')", client, f.tenant,
                        "app-" + client);
            }
            f.sql("INSERT INTO users (id, tenant_id, username) VALUES (?, ?, ?)", f.user, f.tenant, "u" + f.user);
            for (String role : List.of("billing", "auditor")) {
                UUID id = UUID.randomUUID();
                f.sql("INSERT INTO roles (id, tenant_id, name) VALUES (?, ?, ?)", id, f.tenant, role);
                f.sql("INSERT INTO user_roles (user_id, role_id) VALUES (?, ?)", f.user, id);
            }
            // stored a minute ago, as the code exchange stores a family's first token
            Instant issued = now.minusSeconds(60);
            f.value = refreshTokens.store(new RefreshTokens.New(f.family, f.tenant, f.client, f.user, Optional.empty(),
                    Optional.empty(), GRANTED, Authentication.read(issued, Optional.of("pwd"), Optional.of("pwd")), issued.plus(IDLE), issued.plus(FAMILY), false, "jti-" + f.family,
                    issued.plusSeconds(300), Optional.empty(), ClaimsRequest.NONE), issued);
            return f;
        }

        Refresh refresh(Optional<Scope> asked) {
            return new Refresh(value, presentedBy, asked, "next-" + UUID.randomUUID(), now.plus(IDLE), "jti-" + UUID.randomUUID(),
                    now.plusSeconds(300), now);
        }

        /** The family's rows by what the rules changed: rotated, revoked, and how many. */
        List<String> rowsOfTheFamily() throws SQLException {
            try (PreparedStatement query = connection.prepareStatement("""
                    SELECT (rotated_at IS NOT NULL) || '/' || (revoked_at IS NOT NULL) FROM refresh_tokens
                    WHERE family_id = ? ORDER BY created_at, rotated_at NULLS LAST""")) {
                query.setObject(1, family);
                List<String> rows = new java.util.ArrayList<>();
                try (var result = query.executeQuery()) {
                    while (result.next()) {
                        rows.add(result.getString(1));
                    }
                }
                return rows;
            }
        }

        void sql(String sql, Object... values) throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < values.length; i++) {
                    statement.setObject(i + 1, values[i] instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : values[i]);
                }
                statement.executeUpdate();
            }
        }
    }
}
