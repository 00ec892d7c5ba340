package com.orbusdigital.oid.oauth.consent;

import com.orbusdigital.oid.persistence.RowMapper;
import com.orbusdigital.oid.persistence.Rows;
import com.orbusdigital.oid.protocol.Scope;
import com.orbusdigital.oid.token.RevokedAccessTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The rows of table {@code consents} (V18), and what revoking one takes away besides the refresh tokens. */
@ApplicationScoped
public class ConsentStore {

    /** A consent as listed: the client by its client_id and name, the scopes granted so far. */
    public record Consent(String clientId, String clientName, Scope scopes, Instant grantedAt) {}

    private static final String FIND = "SELECT scopes FROM {schema}.consents WHERE user_id = :user AND client_id = :client";
    /**
     * The union is made under the row's lock (ON CONFLICT DO UPDATE takes it and reads the latest
     * committed row): two consents given at once to the same client both count. Scopes keep the order
     * they were first allowed in.
     */
    private static final String GRANT = """
            INSERT INTO {schema}.consents AS k (user_id, client_id, tenant_id, scopes, granted_at)
            VALUES (:user, :client, :tenant, :scopes, :now)
            ON CONFLICT (user_id, client_id) DO UPDATE SET granted_at = EXCLUDED.granted_at,
                scopes = (SELECT string_agg(scope, ' ' ORDER BY first)
                          FROM (SELECT scope, min(position) AS first
                                FROM unnest(string_to_array(k.scopes || ' ' || EXCLUDED.scopes, ' ')) WITH ORDINALITY AS t(scope, position)
                                WHERE scope <> '' GROUP BY scope) allowed)
            RETURNING scopes""";
    /** The tenant too: a user id of another tenant lists nothing. */
    private static final String LIST = """
            SELECT c.client_id, c.name, k.scopes, k.granted_at
            FROM {schema}.consents k JOIN {schema}.clients c ON c.id = k.client_id
            WHERE k.user_id = :user AND k.tenant_id = :tenant
            ORDER BY k.granted_at, c.client_id""";
    private static final String DELETE = """
            DELETE FROM {schema}.consents k USING {schema}.clients c
            WHERE k.client_id = c.id AND k.user_id = :user AND k.tenant_id = :tenant AND c.client_id = :client_id
            RETURNING k.client_id""";
    /** The access tokens issued for the user's codes of the client (those without a refresh token have no other record). */
    private static final String REVOKE_CODES_ACCESS_TOKENS = """
            INSERT INTO {schema}.revoked_access_tokens (jti, tenant_id, client_id, revoked_at, expires_at)
            SELECT a.access_token_jti, a.tenant_id, c.client_id, :now, a.access_token_expires_at
            FROM {schema}.auth_codes a JOIN {schema}.clients c ON c.id = a.client_id
            WHERE a.user_id = :user AND a.client_id = :client AND a.access_token_jti IS NOT NULL AND a.access_token_expires_at > :now
            ON CONFLICT (jti) DO NOTHING
            RETURNING jti, expires_at""";
    /** A code not yet exchanged would mint tokens after the consent is gone (a consumed one is kept for replay detection). */
    private static final String DELETE_UNEXCHANGED_CODES =
            "DELETE FROM {schema}.auth_codes WHERE user_id = :user AND client_id = :client AND consumed_at IS NULL";

    private static final RowMapper<Scope> SCOPES = row -> Scope.parse(row.string("scopes"));
    private static final RowMapper<Consent> CONSENT = row -> new Consent(row.string("client_id"), row.string("name"),
            Scope.parse(row.string("scopes")), row.instant("granted_at"));

    private Rows rows;
    private RevokedAccessTokens revokedAccessTokens;

    protected ConsentStore() {
        // for the CDI proxy
    }

    @Inject
    public ConsentStore(Rows rows, RevokedAccessTokens revokedAccessTokens) {
        this.rows = rows;
        this.revokedAccessTokens = revokedAccessTokens;
    }

    /** The scopes the user allowed the client (by its row id) so far; empty when never asked or revoked. */
    public Optional<Scope> granted(UUID userId, UUID clientId) {
        return rows.query(FIND).set("user", userId).set("client", clientId).optional(SCOPES);
    }

    /** Adds {@code scopes} to what the user allowed the client, now; answers everything allowed so far. */
    public Scope add(UUID tenantId, UUID userId, UUID clientId, Scope scopes, Instant now) {
        return rows.query(GRANT).set("user", userId).set("client", clientId).set("tenant", tenantId).set("scopes", scopes.toString())
                .set("now", now).one(SCOPES);
    }

    public List<Consent> of(UUID tenantId, UUID userId) {
        return rows.query(LIST).set("user", userId).set("tenant", tenantId).list(CONSENT);
    }

    /** Deletes the user's consent to the client with this client_id in their tenant; the client's row id, if there was one. */
    public Optional<UUID> delete(UUID tenantId, UUID userId, String clientId) {
        return rows.query(DELETE).set("user", userId).set("tenant", tenantId).set("client_id", clientId)
                .optional(row -> row.uuid("client_id"));
    }

    /** The access tokens of the user's codes of the client revoked, its unexchanged codes deleted. */
    public void endCodes(UUID userId, UUID clientId, Instant now) {
        revokedAccessTokens.remember(rows.query(REVOKE_CODES_ACCESS_TOKENS).set("user", userId).set("client", clientId).set("now", now)
                .list(RevokedAccessTokens.Revoked.MAPPER));
        rows.query(DELETE_UNEXCHANGED_CODES).set("user", userId).set("client", clientId).update();
    }
}
