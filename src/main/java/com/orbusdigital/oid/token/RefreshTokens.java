package com.orbusdigital.oid.token;

import com.orbusdigital.oid.crypto.Hashes;
import com.orbusdigital.oid.crypto.RandomValues;
import com.orbusdigital.oid.persistence.Database;
import com.orbusdigital.oid.persistence.Rows;
import com.orbusdigital.oid.persistence.Transactional;
import com.orbusdigital.oid.protocol.ClaimsRequest;
import com.orbusdigital.oid.protocol.Scope;
import com.orbusdigital.oid.user.TokenSubject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import org.hibernate.query.NativeQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Refresh tokens: opaque 256-bit random values, stored as SHA-256 (like sessions, the entropy makes
 * a slow hash pointless). Every token belongs to a family — the descent from one authorization
 * code — and remembers the access token issued beside it, so that revoking a family (reuse
 * detected, code replayed, revocation, logout) also revokes the access tokens it produced. Each
 * token keeps the sign-in's claims request, which its ID tokens and userinfo honour at every refresh.
 */
@ApplicationScoped
public class RefreshTokens {

    /** A stored refresh token, without its value. */
    public record Stored(UUID id, UUID familyId, UUID tenantId, UUID clientId, UUID userId, Optional<UUID> sessionId,
                         Scope scope, Instant authTime, Instant createdAt, Instant expiresAt, Instant familyExpiresAt,
                         Optional<Instant> rotatedAt, Optional<Instant> revokedAt, boolean offline, String oauthClientId,
                         ClaimsRequest claims) {

        /** Usable now: neither revoked nor rotated nor expired. */
        public boolean isActive(Instant now) {
            return revokedAt.isEmpty() && rotatedAt.isEmpty() && now.isBefore(expiresAt);
        }
    }

    /**
     * A refresh token to store.
     *
     * @param authCodeHash the code the family descends from (only on its first token)
     * @param accessTokenJti the access token issued beside it, revoked with the family
     * @param rotates        the token it replaces (a refresh), marked rotated by the same statement
     * @param claims         the sign-in's claims request (OIDC Core §5.5)
     */
    public record New(UUID familyId, UUID tenantId, UUID clientId, UUID userId, Optional<UUID> sessionId,
                      Optional<byte[]> authCodeHash, Scope scope, Instant authTime, Instant expiresAt,
                      Instant familyExpiresAt, boolean offline, String accessTokenJti, Instant accessTokenExpiresAt,
                      Optional<UUID> rotates, ClaimsRequest claims) {}

    private static final String COLUMNS = "r.id, r.family_id, r.tenant_id, r.client_id, r.user_id, r.session_id, r.scope, "
            + "r.auth_time, r.created_at, r.expires_at, r.family_expires_at, r.rotated_at, r.revoked_at, r.offline, "
            + "(SELECT c.client_id FROM {h-schema}clients c WHERE c.id = r.client_id), r.claims";
    /** How many columns {@link #COLUMNS} selects. */
    private static final int STORED_COLUMNS = 16;

    private EntityManager entityManager;
    private RevokedAccessTokens revokedAccessTokens;
    private DataSource dataSource;
    private String rotateAtOnce;

    protected RefreshTokens() {
        // for the CDI proxy
    }

    @Inject
    public RefreshTokens(EntityManager entityManager, RevokedAccessTokens revokedAccessTokens, Database database) {
        this.entityManager = entityManager;
        this.revokedAccessTokens = revokedAccessTokens;
        this.dataSource = database.dataSource();
        // the conditions are rotate()'s in RefreshTokenGrant, for the case where all of them hold
        this.rotateAtOnce = ("""
                WITH old AS (
                    UPDATE {h-schema}refresh_tokens r SET rotated_at = ?
                    WHERE r.token_hash = ? AND r.client_id = ?
                      AND r.rotated_at IS NULL AND r.revoked_at IS NULL AND r.expires_at > ?
                      AND (CAST(? AS text) IS NULL OR string_to_array(CAST(? AS text), ' ') <@ string_to_array(r.scope, ' '))
                      AND EXISTS (SELECT 1 FROM {h-schema}users u JOIN {h-schema}tenants t ON t.id = u.tenant_id
                                  WHERE u.id = r.user_id AND u.tenant_id = r.tenant_id AND u.enabled AND t.enabled)
                    RETURNING r.*),
                replacement AS (
                    INSERT INTO {h-schema}refresh_tokens (id, token_hash, family_id, tenant_id, client_id, user_id, session_id,
                        scope, auth_time, created_at, expires_at, family_expires_at, offline, access_token_jti, access_token_expires_at,
                        claims)
                    SELECT ?, ?, family_id, tenant_id, client_id, user_id, session_id, scope, auth_time, ?,
                        LEAST(CAST(? AS timestamptz), family_expires_at), family_expires_at, offline, ?, ?, claims
                    FROM old)
                SELECT\s""" + COLUMNS + ", " + TokenSubject.COLUMNS
                + " FROM old r JOIN {h-schema}users u ON u.id = r.user_id" + TokenSubject.ROLES)
                .replace("{h-schema}", database.schema() + ".");
    }

    /**
     * The refresh grant's common case in one statement, committed on its own (no BEGIN, no COMMIT):
     * when the token with this value is the client's, neither rotated, revoked nor expired, covers
     * {@code asked}, and its user may still have tokens, it is marked rotated and {@code next} is
     * stored in its place, beside the access token {@code accessTokenJti}. Answers the token as it was and
     * its user; empty when any condition fails, and then nothing changed: the caller looks closer,
     * with {@link #findForRotation}. Two uses of one token take turns on its row, and the second
     * finds it rotated.
     *
     * @param idleExpiry when {@code next} expires unless used, before the family's end caps it
     */
    public Optional<ToRotate> rotateAtOnce(String value, UUID clientId, Optional<Scope> asked, String next,
                                           Instant idleExpiry, String accessTokenJti, Instant accessTokenExpiresAt, Instant now) {
        List<Object[]> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true); // the pool resets the connection's mode when it takes it back
            try (PreparedStatement statement = connection.prepareStatement(rotateAtOnce)) {
                String scope = asked.map(Scope::toString).orElse(null);
                OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
                statement.setObject(1, at);
                statement.setBytes(2, Hashes.sha256(value));
                statement.setObject(3, clientId);
                statement.setObject(4, at);
                statement.setString(5, scope);
                statement.setString(6, scope);
                statement.setObject(7, UUID.randomUUID());
                statement.setBytes(8, Hashes.sha256(next));
                statement.setObject(9, at);
                statement.setObject(10, idleExpiry.atOffset(ZoneOffset.UTC));
                statement.setString(11, accessTokenJti);
                statement.setObject(12, accessTokenExpiresAt.atOffset(ZoneOffset.UTC));
                try (ResultSet result = statement.executeQuery()) {
                    int columns = result.getMetaData().getColumnCount();
                    while (result.next()) {
                        Object[] row = new Object[columns];
                        for (int i = 0; i < columns; i++) {
                            row[i] = result.getObject(i + 1);
                        }
                        rows.add(row);
                    }
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException("the refresh token could not be rotated", e);
        }
        return first(rows).map(token -> new ToRotate(token, TokenSubject.from(rows, STORED_COLUMNS)));
    }

    /**
     * Stores a new token and answers its value, which exists nowhere else. A rotation marks the token
     * it replaces in the same statement: one round trip to the database, not two.
     */
    @Transactional
    public String store(New token, Instant now) {
        String value = RandomValues.base64url(32);
        // a data-modifying WITH runs whether or not the INSERT refers to it; ?17 is null for a new family
        ((NativeQuery<?>) entityManager.createNativeQuery("""
                        WITH rotated AS (
                            UPDATE {h-schema}refresh_tokens SET rotated_at = ?11 WHERE id = ?17 AND rotated_at IS NULL)
                        INSERT INTO {h-schema}refresh_tokens (id, token_hash, family_id, tenant_id, client_id, user_id, session_id,
                            auth_code_hash, scope, auth_time, created_at, expires_at, family_expires_at, offline,
                            access_token_jti, access_token_expires_at, claims)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?18)"""))
                .setParameter(1, UUID.randomUUID())
                .setParameter(2, Hashes.sha256(value))
                .setParameter(3, token.familyId())
                .setParameter(4, token.tenantId())
                .setParameter(5, token.clientId())
                .setParameter(6, token.userId())
                .setParameter(7, token.sessionId().orElse(null), UUID.class)
                .setParameter(8, token.authCodeHash().orElse(null), byte[].class)
                .setParameter(9, token.scope().toString())
                .setParameter(10, token.authTime())
                .setParameter(11, now)
                .setParameter(12, token.expiresAt())
                .setParameter(13, token.familyExpiresAt())
                .setParameter(14, token.offline())
                .setParameter(15, token.accessTokenJti())
                .setParameter(16, token.accessTokenExpiresAt())
                .setParameter(17, token.rotates().orElse(null), UUID.class)
                .setParameter(18, token.claims().toJson(), String.class)
                .executeUpdate();
        return value;
    }

    /** The token with this value, locked until the transaction ends, so two uses of it take turns. */
    @Transactional
    public Optional<Stored> findForUpdate(String value) {
        return first(entityManager.createNativeQuery(
                        "SELECT " + COLUMNS + " FROM {h-schema}refresh_tokens r WHERE token_hash = ?1 FOR UPDATE OF r", Object[].class)
                .setParameter(1, Hashes.sha256(value))
                .getResultList());
    }

    /**
     * A token about to be rotated, and its user as the new tokens will describe them: no subject when
     * the user may no longer have tokens (deleted, disabled, or their tenant disabled).
     */
    public record ToRotate(Stored token, Optional<TokenSubject> subject) {}

    /**
     * The token with this value, locked until the transaction ends as {@link #findForUpdate} does,
     * together with its user and their roles: one round trip where a refresh would otherwise make two.
     */
    @Transactional
    public Optional<ToRotate> findForRotation(String value) {
        List<Object[]> rows = entityManager.createNativeQuery("SELECT " + COLUMNS + ", " + TokenSubject.COLUMNS + """
                         FROM {h-schema}refresh_tokens r
                        LEFT JOIN ({h-schema}users u JOIN {h-schema}tenants t ON t.id = u.tenant_id AND t.enabled)
                               ON u.id = r.user_id AND u.tenant_id = r.tenant_id AND u.enabled""" + TokenSubject.ROLES
                        + "WHERE r.token_hash = ?1 FOR UPDATE OF r", Object[].class)
                .setParameter(1, Hashes.sha256(value))
                .getResultList();
        return first(rows).map(token -> new ToRotate(token, TokenSubject.from(rows, STORED_COLUMNS)));
    }

    /** The token with this value, as it is (for introspection and revocation). */
    @Transactional
    public Optional<Stored> find(String value) {
        return first(entityManager.createNativeQuery(
                        "SELECT " + COLUMNS + " FROM {h-schema}refresh_tokens r WHERE token_hash = ?1", Object[].class)
                .setParameter(1, Hashes.sha256(value))
                .getResultList());
    }

    /** Revokes every token of the family and the access tokens issued beside them; answers how many refresh tokens were live. */
    @Transactional
    public int revokeFamily(UUID familyId, Instant now) {
        return revokeWhere("r.family_id = ?1", familyId, now);
    }

    /** Revokes the families descended from this authorization code (it was replayed). */
    @Transactional
    public int revokeDescendantsOf(byte[] authCodeHash, Instant now) {
        int revoked = 0;
        List<Object> families = entityManager.createNativeQuery(
                        "SELECT DISTINCT family_id FROM {h-schema}refresh_tokens WHERE auth_code_hash = ?1", Object.class)
                .setParameter(1, authCodeHash)
                .getResultList();
        for (Object family : families) {
            revoked += revokeFamily(Rows.uuid(family), now);
        }
        return revoked;
    }

    /**
     * Logout: revokes the session's refresh tokens of clients that asked for it
     * ({@code revoke_refresh_tokens_on_logout}), except offline ones, which exist to outlive it.
     */
    @Transactional
    public int revokeForLogout(UUID sessionId, Instant now) {
        return revokeWhere("""
                r.session_id = ?1 AND NOT r.offline
                AND r.client_id IN (SELECT id FROM {h-schema}clients WHERE revoke_refresh_tokens_on_logout)""", sessionId, now);
    }

    /** An oid-admin revoked every token of the client (by its row id): its refresh tokens, of every family. */
    @Transactional
    public int revokeForClient(UUID clientId, Instant now) {
        return revokeWhere("r.client_id = ?1", clientId, now);
    }

    /** An oid-admin revoked every token of the user: their refresh tokens, offline ones included. */
    @Transactional
    public int revokeForUser(UUID userId, Instant now) {
        return revokeWhere("r.user_id = ?1", userId, now);
    }

    /** @param condition on the refresh_tokens row {@code r}; ?1 is {@code key}, ?2 is now */
    private int revokeWhere(String condition, UUID key, Instant now) {
        // the access tokens first: every one issued beside a token of these families, still unexpired
        List<Object[]> jtis = entityManager.createNativeQuery("""
                        INSERT INTO {h-schema}revoked_access_tokens (jti, tenant_id, client_id, revoked_at, expires_at)
                        SELECT r.access_token_jti, r.tenant_id, c.client_id, ?2, r.access_token_expires_at
                        FROM {h-schema}refresh_tokens r JOIN {h-schema}clients c ON c.id = r.client_id
                        WHERE\s""" + condition + """
                          AND r.access_token_jti IS NOT NULL AND r.access_token_expires_at > ?2
                        ON CONFLICT (jti) DO NOTHING
                        RETURNING jti, expires_at""", Object[].class)
                .setParameter(1, key)
                .setParameter(2, now)
                .getResultList();
        int revoked = entityManager.createNativeQuery(
                        "UPDATE {h-schema}refresh_tokens r SET revoked_at = ?2 WHERE " + condition + " AND r.revoked_at IS NULL")
                .setParameter(1, key)
                .setParameter(2, now)
                .executeUpdate();
        Map<String, Instant> remembered = new HashMap<>();
        jtis.forEach(row -> remembered.put((String) row[0], Rows.instant(row[1])));
        revokedAccessTokens.remember(remembered);
        return revoked;
    }

    private static Optional<Stored> first(List<Object[]> rows) {
        return rows.stream().findFirst().map(row -> new Stored(Rows.uuid(row[0]), Rows.uuid(row[1]), Rows.uuid(row[2]),
                Rows.uuid(row[3]), Rows.uuid(row[4]), Optional.ofNullable(Rows.uuid(row[5])), Scope.parse((String) row[6]),
                Rows.instant(row[7]), Rows.instant(row[8]), Rows.instant(row[9]), Rows.instant(row[10]),
                Optional.ofNullable(Rows.instant(row[11])), Optional.ofNullable(Rows.instant(row[12])), (Boolean) row[13],
                (String) row[14], ClaimsRequest.fromStored((String) row[15])));
    }
}
