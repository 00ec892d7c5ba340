package com.orbusdigital.oid.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * Issue 18: a tenant's upstream OpenID providers written straight into their tables (V23), until the
 * admin API of the providers (another branch of the issue) is merged and the fixture goes through it.
 * A public client (client_auth none, PKCE alone) needs no sealed secret.
 */
public final class ProviderRows {

    private final TestPostgres postgres;

    public ProviderRows(TestPostgres postgres) {
        this.postgres = postgres;
    }

    /** A provider found by discovery at {@code issuer}; answers its id. */
    public UUID provider(UUID tenantId, String alias, String displayName, String issuer, String clientId, String rolesClaim,
                         String roleMappingsJson, boolean createUsers, boolean linkByEmail) {
        UUID id = UUID.randomUUID();
        Timestamp now = Timestamp.from(Instant.now());
        execute("""
                INSERT INTO identity_providers (id, tenant_id, alias, display_name, issuer, client_id, client_auth, roles_claim,
                                                role_mappings, create_users, link_by_email, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, 'none', ?, ?::jsonb, ?, ?, ?, ?)""",
                id, tenantId, alias, displayName, issuer, clientId, rolesClaim, roleMappingsJson, createUsers, linkByEmail, now, now);
        return id;
    }

    /** Home-realm discovery: addresses of {@code domain} go to the provider. */
    public void domain(UUID tenantId, String domain, UUID providerId) {
        execute("INSERT INTO identity_provider_domains (tenant_id, domain, provider_id) VALUES (?, ?, ?)", tenantId, domain, providerId);
    }

    private void execute(String sql, Object... values) {
        try (Connection connection = postgres.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
