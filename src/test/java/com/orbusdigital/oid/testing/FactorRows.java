package com.orbusdigital.oid.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * A user's passkeys, authenticator app and recovery codes written straight into their tables (V15),
 * for tests of what reads or removes them without going through an enrolment.
 */
public final class FactorRows {

    private final TestPostgres postgres;

    public FactorRows(TestPostgres postgres) {
        this.postgres = postgres;
    }

    /** A passkey with this credential id and public key; answers OID's id for it. */
    public UUID passkey(UUID tenantId, UUID userId, String name, byte[] credentialId, byte[] publicKey, boolean synced,
                        UUID aaguid, Instant createdAt, Instant lastUsedAt) {
        UUID id = UUID.randomUUID();
        execute("""
                INSERT INTO webauthn_credentials (id, tenant_id, user_id, credential_id, public_key, sign_count, transports, aaguid,
                                                  backup_eligible, backed_up, uv_initialized, name, created_at, last_used_at)
                VALUES (?, ?, ?, ?, ?, 7, 'internal hybrid', ?, ?, ?, true, ?, ?, ?)""",
                id, tenantId, userId, credentialId, publicKey, aaguid, synced, synced, name, Timestamp.from(createdAt),
                lastUsedAt == null ? null : Timestamp.from(lastUsedAt));
        return id;
    }

    /** An authenticator-app secret, confirmed at {@code confirmedAt} (null: an enrolment under way). */
    public void totp(UUID tenantId, UUID userId, byte[] secret, Instant createdAt, Instant confirmedAt) {
        execute("INSERT INTO totp_credentials (user_id, tenant_id, secret, created_at, confirmed_at) VALUES (?, ?, ?, ?, ?)",
                userId, tenantId, secret, Timestamp.from(createdAt), confirmedAt == null ? null : Timestamp.from(confirmedAt));
    }

    /** A recovery code's hash, used at {@code usedAt} (null: unused). */
    public void recoveryCode(UUID tenantId, UUID userId, byte[] hash, Instant createdAt, Instant usedAt) {
        execute("INSERT INTO recovery_codes (user_id, tenant_id, code_hash, created_at, used_at) VALUES (?, ?, ?, ?, ?)",
                userId, tenantId, hash, Timestamp.from(createdAt), usedAt == null ? null : Timestamp.from(usedAt));
    }

    /** How many rows of the user the three tables hold: passkeys, authenticator apps, recovery codes. */
    public int[] count(UUID userId) {
        return new int[] {count("webauthn_credentials", userId), count("totp_credentials", userId), count("recovery_codes", userId)};
    }

    private int count(String table, UUID userId) {
        try (Connection connection = postgres.connect();
             PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM " + table + " WHERE user_id = ?")) {
            query.setObject(1, userId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void execute(String sql, Object... parameters) {
        try (Connection connection = postgres.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
