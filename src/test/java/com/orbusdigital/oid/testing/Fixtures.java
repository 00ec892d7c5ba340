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
 * Only new rows: a change to an existing client, tenant or role must go through the admin API, or
 * OID's client cache would not learn of it. OID keeps every client in memory, so a client written
 * here is announced through the change counter as the admin API would, and awaited.
 */
public final class Fixtures {

    private final TestPostgres postgres;
    /** The OID under test, whose client reloads a change here is awaited at. */
    private final String issuer;

    /** For the shared test deployment. */
    public Fixtures(TestPostgres postgres) {
        this(postgres, System.getProperty("oid.it.issuer"));
    }

    /** For an OID of a test's own, on {@code postgres}, at {@code issuer}. */
    public Fixtures(TestPostgres postgres, String issuer) {
        this.postgres = postgres;
        this.issuer = issuer;
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
        announceClients();
        return new TestClient(tenantId, clientId, secret);
    }

    /** A public client (no secret; RFC 7009 lets it revoke its own tokens by client_id alone). */
    public String publicClient(UUID tenantId) {
        String clientId = "public-" + UUID.randomUUID().toString().substring(0, 8);
        execute("""
                INSERT INTO clients (id, tenant_id, client_id, name, type, redirect_uris, grant_types)
                VALUES (?, ?, ?, 'Public test client', 'public', '{https://app.example/callback}', '{authorization_code}')""",
                UUID.randomUUID(), tenantId, clientId);
        announceClients();
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

    /** The family a refresh token belongs to, as OID stored it (only its SHA-256 is kept). */
    public String refreshTokenFamily(String refreshToken) {
        try (Connection connection = postgres.connect();
             PreparedStatement select = connection.prepareStatement("SELECT family_id FROM refresh_tokens WHERE token_hash = ?")) {
            select.setBytes(1, com.orbusdigital.oid.crypto.Hashes.sha256(refreshToken));
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new AssertionError("refresh token not stored");
                }
                return row.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A user of the tenant without a password; answers its id. */
    public UUID user(UUID tenantId) {
        UUID id = UUID.randomUUID();
        execute("INSERT INTO users (id, tenant_id, username) VALUES (?, ?, ?)", id, tenantId, "user-" + id.toString().substring(0, 8));
        return id;
    }

    /** The row id (clients.id) of a client: what codes and refresh tokens reference. */
    public UUID clientKey(String clientId) {
        try (Connection connection = postgres.connect();
             PreparedStatement select = connection.prepareStatement("SELECT id FROM clients WHERE client_id = ?")) {
            select.setString(1, clientId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("no client " + clientId);
                }
                return row.getObject(1, UUID.class);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code count} authorization codes (random hashes) of this client and user, expiring at {@code expiresAt}; answers how many. */
    public int authCodes(UUID tenantId, UUID clientKey, UUID userId, java.time.Instant expiresAt, int count) {
        return execute("""
                INSERT INTO auth_codes (code_hash, tenant_id, client_id, user_id, redirect_uri, scope, auth_time, expires_at)
                SELECT sha256(uuid_send(gen_random_uuid())), ?, ?, ?, 'https://app.example/callback', 'openid', ?, ?
                FROM generate_series(1, ?)""",
                tenantId, clientKey, userId, java.sql.Timestamp.from(expiresAt.minusSeconds(60)), java.sql.Timestamp.from(expiresAt), count);
    }

    /**
     * One authorization code whose value the test knows, stored as OID stores it (SHA-256 of the
     * value), for codes OID would not issue: expired ones, or ones without a PKCE challenge. It
     * belongs to no sign-in session, so no session has to be live when it is redeemed.
     *
     * @param codeChallenge the S256 challenge the code is bound to, or null for none
     */
    public void authCode(String code, UUID tenantId, UUID clientKey, UUID userId, String redirectUri, String scope,
                         String codeChallenge, java.time.Instant expiresAt) {
        byte[] hash;
        try {
            hash = java.security.MessageDigest.getInstance("SHA-256").digest(code.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        execute("""
                INSERT INTO auth_codes (code_hash, tenant_id, client_id, user_id, redirect_uri, redirect_uri_given, scope,
                                        code_challenge, code_challenge_method, auth_time, expires_at)
                VALUES (?, ?, ?, ?, ?, true, ?, ?, ?, ?, ?)""",
                hash, tenantId, clientKey, userId, redirectUri, scope, codeChallenge, codeChallenge == null ? null : "S256",
                java.sql.Timestamp.from(expiresAt.minusSeconds(60)), java.sql.Timestamp.from(expiresAt));
    }

    /** {@code count} refresh tokens (random hashes, one family each, living a day longer) expiring at {@code expiresAt}; answers how many. */
    public int refreshTokens(UUID tenantId, UUID clientKey, UUID userId, java.time.Instant expiresAt, int count) {
        return execute("""
                INSERT INTO refresh_tokens (id, token_hash, family_id, tenant_id, client_id, user_id, scope, auth_time,
                                            expires_at, family_expires_at)
                SELECT gen_random_uuid(), sha256(uuid_send(gen_random_uuid())), gen_random_uuid(), ?, ?, ?, 'openid', ?, ?, ?
                FROM generate_series(1, ?)""",
                tenantId, clientKey, userId, java.sql.Timestamp.from(expiresAt.minusSeconds(3600)), java.sql.Timestamp.from(expiresAt),
                java.sql.Timestamp.from(expiresAt.plusSeconds(86400)), count);
    }

    /** {@code count} sign-in sessions (random cookie hashes) of the user, expiring at {@code expiresAt}; answers how many. */
    public int sessions(UUID tenantId, UUID userId, java.time.Instant expiresAt, int count) {
        return execute("""
                INSERT INTO sessions (id, token_hash, tenant_id, user_id, auth_time, last_seen_at, expires_at, max_expires_at)
                SELECT gen_random_uuid(), sha256(uuid_send(gen_random_uuid())), ?, ?, ?, ?, ?, ?
                FROM generate_series(1, ?)""",
                tenantId, userId, java.sql.Timestamp.from(expiresAt.minusSeconds(3600)), java.sql.Timestamp.from(expiresAt.minusSeconds(60)),
                java.sql.Timestamp.from(expiresAt), java.sql.Timestamp.from(expiresAt.plusSeconds(3600)), count);
    }

    /** {@code count} remembered revocations (random jtis) of the client, expiring at {@code expiresAt}; answers how many. */
    public int revokedAccessTokens(UUID tenantId, String clientId, java.time.Instant expiresAt, int count) {
        return execute("""
                INSERT INTO revoked_access_tokens (jti, tenant_id, client_id, expires_at)
                SELECT gen_random_uuid()::text, ?, ?, ? FROM generate_series(1, ?)""",
                tenantId, clientId, java.sql.Timestamp.from(expiresAt), count);
    }

    /**
     * How many rows of {@code table} (auth_codes, refresh_tokens, sessions or
     * revoked_access_tokens: each has tenant_id and expires_at) belong to the tenant and expire
     * exactly at {@code expiresAt}.
     */
    public long rowsExpiringAt(String table, UUID tenantId, java.time.Instant expiresAt) {
        if (!List.of("auth_codes", "refresh_tokens", "sessions", "revoked_access_tokens").contains(table)) {
            throw new IllegalArgumentException(table);
        }
        try (Connection connection = postgres.connect();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT count(*) FROM " + table + " WHERE tenant_id = ? AND expires_at = ?")) {
            select.setObject(1, tenantId);
            select.setTimestamp(2, java.sql.Timestamp.from(expiresAt));
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What users holds of a user's failed sign-ins: the running count, how many locks so far, and the current lock's end. */
    public record SignInCounters(int failedLogins, int lockouts, java.util.Optional<java.time.Instant> lockedUntil) {}

    public SignInCounters signInCounters(UUID userId) {
        try (Connection connection = postgres.connect();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT failed_logins, lockouts, locked_until FROM users WHERE id = ?")) {
            select.setObject(1, userId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new AssertionError("no user " + userId);
                }
                java.sql.Timestamp lockedUntil = row.getTimestamp(3);
                return new SignInCounters(row.getInt(1), row.getInt(2),
                        java.util.Optional.ofNullable(lockedUntil).map(java.sql.Timestamp::toInstant));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Array textArray(Connection connection, List<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray());
    }

    /**
     * Moves client_cache_version as an admin change does, and waits until the OID under test has
     * reloaded its clients: a probe client of a tenant of its own gets a new secret first, and works
     * with it once the reload that read everything written before has been swapped in.
     */
    private void announceClients() {
        String secret = ClientSecrets.generate();
        execute("INSERT INTO tenants (id, slug, name) VALUES (?, 'fixtures-probe', 'Fixtures probe') ON CONFLICT (slug) DO NOTHING",
                UUID.randomUUID());
        execute("""
                INSERT INTO clients (id, tenant_id, client_id, name, type, secret_hash, grant_types)
                SELECT ?, id, 'fixtures-probe', 'Fixtures probe', 'confidential', ?, '{client_credentials}' FROM tenants
                WHERE slug = 'fixtures-probe'
                ON CONFLICT (client_id) DO UPDATE SET secret_hash = excluded.secret_hash""", UUID.randomUUID(), ClientSecrets.hash(secret));
        execute("UPDATE client_cache_version SET version = version + 1");
        java.net.URI token = java.net.URI.create(issuer + "/token");
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (Http.postForm(token, "grant_type=client_credentials", "Authorization", Http.basic("fixtures-probe", secret)).status() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("OID did not reload its clients within 30 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for OID to reload its clients", e);
            }
        }
    }

    /** Runs one statement; answers the rows it changed. */
    /** When a user's one sign-in session ends: unused ({@code expires_at}), and at the latest ({@code max_expires_at}). */
    public record SessionExpiry(java.time.Instant expiresAt, java.time.Instant maxExpiresAt) {}

    public SessionExpiry sessionExpiry(UUID userId) {
        try (Connection connection = postgres.connect();
             PreparedStatement select = connection.prepareStatement("SELECT expires_at, max_expires_at FROM sessions WHERE user_id = ?")) {
            select.setObject(1, userId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new AssertionError("no session of user " + userId);
                }
                SessionExpiry expiry = new SessionExpiry(row.getTimestamp(1).toInstant(), row.getTimestamp(2).toInstant());
                if (row.next()) {
                    throw new AssertionError("more than one session of user " + userId);
                }
                return expiry;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Moves the ends of a user's sessions, as time passing would. */
    public void expireSessions(UUID userId, SessionExpiry expiry) {
        execute("UPDATE sessions SET expires_at = ?, max_expires_at = ? WHERE user_id = ?",
                java.sql.Timestamp.from(expiry.expiresAt()), java.sql.Timestamp.from(expiry.maxExpiresAt()), userId);
    }

    /**
     * A tenant's second-factor policy (off, optional, required), set in the table and announced as
     * the admin API would (the sign-in pages read it from the client cache), and awaited.
     */
    public void mfaPolicy(UUID tenantId, String policy) {
        execute("UPDATE tenants SET mfa_policy = ? WHERE id = ?", policy, tenantId);
        announceClients();
    }

    /** Moves every session of the user's last sign-in {@code ago} into the past, as time passing would. */
    public void ageSessions(UUID userId, java.time.Duration ago) {
        execute("UPDATE sessions SET auth_time = auth_time - ? * interval '1 second' WHERE user_id = ?", ago.toSeconds(), userId);
    }

    /** What a client demands of its users' sign-ins, set in the table, announced and awaited as {@link #mfaPolicy}. */
    public void clientRequires(String clientId, boolean mfa, boolean passkey) {
        execute("UPDATE clients SET require_mfa = ?, require_passkey = ? WHERE client_id = ?", mfa, passkey, clientId);
        announceClients();
    }

    private int execute(String sql, Object... parameters) {
        try (Connection connection = postgres.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
