package com.orbusdigital.oid.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.orbusdigital.oid.client.ClientSecrets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Tenants, clients and roles written straight into OID's tables, for the protocol tests; the admin
 * API replaces this once it exists. Every value is fresh, so tests never depend on each other.
 */
public final class Fixtures {

    private final TestPostgres postgres;

    public Fixtures(TestPostgres postgres) {
        this.postgres = postgres;
    }

    public record TestClient(UUID tenantId, String clientId, String secret) {}

    public UUID tenant(String slug, boolean enabled) {
        UUID id = UUID.randomUUID();
        execute("INSERT INTO tenants (id, slug, name, enabled) VALUES (?, ?, ?, ?)", id, slug, "Tenant " + slug, enabled);
        return id;
    }

    public UUID role(UUID tenantId, String name) {
        UUID id = UUID.randomUUID();
        execute("INSERT INTO roles (id, tenant_id, name) VALUES (?, ?, ?)", id, tenantId, name);
        return id;
    }

    public TestClient confidentialClient(UUID tenantId, List<String> grants, List<String> scopes, String... roles) {
        String clientId = "client-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = ClientSecrets.generate();
        UUID id = UUID.randomUUID();
        try (Connection connection = postgres.connect();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO clients (id, tenant_id, client_id, name, type, secret_hash, grant_types, scopes)
                     VALUES (?, ?, ?, ?, 'confidential', ?, ?, ?)""")) {
            insert.setObject(1, id);
            insert.setObject(2, tenantId);
            insert.setString(3, clientId);
            insert.setString(4, "Test client");
            insert.setString(5, ClientSecrets.hash(secret));
            insert.setArray(6, textArray(connection, grants));
            insert.setArray(7, textArray(connection, scopes));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        for (String role : roles) {
            execute("INSERT INTO client_roles (client_id, role_id) VALUES (?, ?)", id, role(tenantId, role));
        }
        return new TestClient(tenantId, clientId, secret);
    }

    /** A public client (no secret; RFC 7009 lets it revoke its own tokens by client_id alone). */
    public String publicClient(UUID tenantId) {
        String clientId = "public-" + UUID.randomUUID().toString().substring(0, 8);
        execute("""
                INSERT INTO clients (id, tenant_id, client_id, name, type, redirect_uris, grant_types)
                VALUES (?, ?, ?, 'Public test client', 'public', '{https://app.example/callback}', '{authorization_code}')""",
                UUID.randomUUID(), tenantId, clientId);
        return clientId;
    }

    /**
     * An access token with these claims signed by OID's own active key, read from signing_keys:
     * for tokens OID would never issue now (already expired). Header as OID writes it.
     */
    public String signWithOidKey(Map<String, Object> claims) {
        try (Connection connection = postgres.connect();
             PreparedStatement select = connection.prepareStatement("""
                     SELECT kid, private_key FROM signing_keys
                     WHERE private_key_encryption = 'none' AND active_from <= now() ORDER BY active_from DESC LIMIT 1""");
             ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                throw new IllegalStateException("no unencrypted active signing key");
            }
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(row.getBytes(2)));
            JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(row.getString(1))
                    .type(new JOSEObjectType("at+jwt")).build(), new Payload(claims));
            jws.sign(new RSASSASigner(key));
            return jws.serialize();
        } catch (SQLException | GeneralSecurityException | JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What another replica's revocation leaves behind: a row in revoked_access_tokens, not in this replica's memory. */
    public void revokedElsewhere(String jti, UUID tenantId, String clientId, java.time.Instant expiresAt) {
        execute("INSERT INTO revoked_access_tokens (jti, tenant_id, client_id, expires_at) VALUES (?, ?, ?, ?)",
                jti, tenantId, clientId, java.sql.Timestamp.from(expiresAt));
    }

    /** Whether revoked_access_tokens still holds this jti. */
    public boolean remembersRevoked(String jti) {
        try (Connection connection = postgres.connect();
             PreparedStatement select = connection.prepareStatement("SELECT 1 FROM revoked_access_tokens WHERE jti = ?")) {
            select.setString(1, jti);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void disableClient(String clientId) {
        execute("UPDATE clients SET enabled = false WHERE client_id = ?", clientId);
    }

    public void setTenantEnabled(UUID tenantId, boolean enabled) {
        execute("UPDATE tenants SET enabled = ? WHERE id = ?", enabled, tenantId);
    }

    private static Array textArray(Connection connection, List<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray());
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
