package com.orbusdigital.oid.token;

import com.orbusdigital.oid.protocol.Authentication;
import com.orbusdigital.oid.crypto.Hashes;
import com.orbusdigital.oid.crypto.RandomValues;
import com.orbusdigital.oid.protocol.ClaimsRequest;
import com.orbusdigital.oid.protocol.Scope;
import com.orbusdigital.oid.protocol.OAuthError;
import com.orbusdigital.oid.persistence.RowMapper;
import com.orbusdigital.oid.persistence.Rows;
import com.orbusdigital.oid.user.TokenSubject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Refresh tokens: opaque 256-bit random values, stored as SHA-256 (like sessions, the entropy makes
 * a slow hash pointless). Every token belongs to a family — the descent from one authorization
 * code — and remembers the access token issued beside it, so that revoking a family (reuse
 * detected, code replayed, revocation, logout) also revokes the access tokens it produced. Each
 * token keeps the sign-in's claims request, which its ID tokens and userinfo honour at every refresh.
 * <p>
 * Presenting a token is decided by {@link #judge}, the refresh rules stated once. Two paths apply
 * them: {@link #rotateAtOnce}, one statement that rotates a valid token (the rules' every condition
 * written in its WHERE) or reads why not, and {@link #rotateCarefully}, under the row lock, for
 * whatever the first leaves open. {@code RefreshRulesIT} runs every case through both.
 */
@ApplicationScoped
public class RefreshTokens {

    /** A stored refresh token, without its value. */
    public record Stored(UUID id, UUID familyId, UUID tenantId, UUID clientId, UUID userId, Optional<UUID> sessionId,
                         Scope scope, Authentication signIn, Instant createdAt, Instant expiresAt, Instant familyExpiresAt,
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
                      Optional<byte[]> authCodeHash, Scope scope, Authentication signIn, Instant expiresAt,
                      Instant familyExpiresAt, boolean offline, String accessTokenJti, Instant accessTokenExpiresAt,
                      Optional<UUID> rotates, ClaimsRequest claims) {}

    /**
     * A refresh as the client asks for it, and what is stored if it is granted.
     *
     * @param value      the refresh token presented
     * @param clientId   the presenting client's row id
     * @param next       the value of the token that replaces it
     * @param idleExpiry when {@code next} expires unless used, before the family's end caps it
     */
    public record Refresh(String value, UUID clientId, Optional<Scope> asked, String next, Instant idleExpiry,
                          String accessTokenJti, Instant accessTokenExpiresAt, Instant now) {
        @Override
        public String toString() {
            return "Refresh[client " + clientId + "]";
        }
    }

    /** A presented token as the rules see it: the token, its user if they may still have tokens, its client's state. */
    public record Presented(Stored token, Optional<TokenSubject> subject, boolean clientEnabled,
                            Optional<Instant> clientTokensRevokedBefore, Optional<Instant> userTokensRevokedBefore) {}

    /** What presenting a refresh token came to. */
    public sealed interface Rotation {

        /** Valid: the token is retired and the refresh's next token stored in its place. */
        record Rotated(Stored token, TokenSubject subject, Scope scope) implements Rotation {}

        /** Refused with this OAuth error; nothing changed. */
        record Refused(OAuthError error, String description) implements Rotation {}

        /**
         * A token retired longer than the grace period ago was presented: two parties hold the family,
         * which is revoked (by {@link #rotateCarefully}, with this many refresh tokens still live).
         */
        record ReuseDetected(Stored token, int refreshTokensRevoked) implements Rotation {}
    }

    public static final String INVALID = "the refresh token is invalid, expired or revoked";

    /** The token and what the rules read beside it, as {@link #PRESENTED} maps it. */
    private static final String PRESENTED_COLUMNS = """
            r.id, r.family_id, r.tenant_id, r.client_id, r.user_id, r.session_id, r.scope, r.auth_time, r.acr, r.amr, r.created_at,
            r.expires_at, r.family_expires_at, r.rotated_at, r.revoked_at, r.offline, r.claims,
            c.client_id AS oauth_client_id, c.enabled AS client_enabled, c.tokens_revoked_before AS client_tokens_revoked_before,
            s.id AS subject_id, s.username, s.name, s.email, s.email_verified, s.updated_at, s.roles, s.profile,
            s.tokens_revoked_before AS user_tokens_revoked_before
            """;
    private static final String PRESENTED_FROM = """
            FROM {schema}.refresh_tokens r
            JOIN {schema}.clients c ON c.id = r.client_id
            LEFT JOIN {schema}.token_subjects s ON s.id = r.user_id AND s.tenant_id = r.tenant_id
            """;

    /**
     * The fast path: rotates the token when every rule of {@link #judge} lets it (the WHERE of
     * {@code old} says them in SQL, for a token not yet rotated), stores the next one in its place,
     * and answers the token as it was before, whether it rotated, and what the rules read. One
     * statement, committed on its own: two uses of one token take turns on its row, and the second
     * no longer matches.
     */
    private static final String ROTATE_AT_ONCE = """
            WITH old AS (
                UPDATE {schema}.refresh_tokens r SET rotated_at = :now
                FROM {schema}.clients c
                WHERE r.token_hash = :hash AND r.client_id = :client AND c.id = r.client_id
                  AND r.rotated_at IS NULL AND r.revoked_at IS NULL AND r.expires_at > :now
                  AND (CAST(:asked AS text) IS NULL OR string_to_array(CAST(:asked AS text), ' ') <@ string_to_array(r.scope, ' '))
                  AND c.enabled AND (c.tokens_revoked_before IS NULL OR date_trunc('second', r.created_at) > c.tokens_revoked_before)
                  AND EXISTS (SELECT 1 FROM {schema}.token_subjects s WHERE s.id = r.user_id AND s.tenant_id = r.tenant_id
                              AND (s.tokens_revoked_before IS NULL OR date_trunc('second', r.created_at) > s.tokens_revoked_before))
                RETURNING r.*),
            replacement AS (
                INSERT INTO {schema}.refresh_tokens (id, token_hash, family_id, tenant_id, client_id, user_id, session_id,
                    scope, auth_time, acr, amr, created_at, expires_at, family_expires_at, offline, access_token_jti,
                    access_token_expires_at, claims)
                SELECT :next_id, :next_hash, family_id, tenant_id, client_id, user_id, session_id, scope, auth_time, acr, amr, :now,
                    LEAST(CAST(:idle_expiry AS timestamptz), family_expires_at), family_expires_at, offline, :jti, :jti_expires_at,
                    claims
                FROM old)
            SELECT (SELECT count(*) FROM old) > 0 AS rotated,
            """ + PRESENTED_COLUMNS + PRESENTED_FROM + "WHERE r.token_hash = :hash";

    /** The careful path's read: the token and what the rules read, its row locked until the transaction ends. */
    private static final String FIND_PRESENTED = "SELECT " + PRESENTED_COLUMNS + PRESENTED_FROM
            + "WHERE r.token_hash = :hash FOR UPDATE OF r";

    /** A new token; a rotation marks the token it replaces in the same statement (one round trip, not two). */
    private static final String STORE = """
            WITH rotated AS (
                UPDATE {schema}.refresh_tokens SET rotated_at = :now WHERE id = CAST(:rotates AS uuid) AND rotated_at IS NULL)
            INSERT INTO {schema}.refresh_tokens (id, token_hash, family_id, tenant_id, client_id, user_id, session_id,
                auth_code_hash, scope, auth_time, acr, amr, created_at, expires_at, family_expires_at, offline,
                access_token_jti, access_token_expires_at, claims)
            VALUES (:id, :hash, :family, :tenant, :client, :user, :session, :code_hash, :scope, :auth_time, :acr, :amr, :now, :expires_at,
                :family_expires_at, :offline, :jti, :jti_expires_at, :claims)""";

    private static final String FIND = "SELECT " + PRESENTED_COLUMNS + PRESENTED_FROM + "WHERE r.token_hash = :hash";

    private static final String FIND_FOR_UPDATE = FIND + " FOR UPDATE OF r";

    private static final RowMapper<Stored> STORED = row -> new Stored(row.uuid("id"), row.uuid("family_id"), row.uuid("tenant_id"),
            row.uuid("client_id"), row.uuid("user_id"), row.optionalUuid("session_id"), Scope.parse(row.string("scope")),
            Authentication.read(row.instant("auth_time"), row.optionalString("acr"), row.optionalString("amr")), row.instant("created_at"), row.instant("expires_at"), row.instant("family_expires_at"),
            row.optionalInstant("rotated_at"), row.optionalInstant("revoked_at"), row.bool("offline"), row.string("oauth_client_id"),
            ClaimsRequest.fromStored(row.optionalString("claims").orElse(null)));

    private static final RowMapper<Presented> PRESENTED = row -> new Presented(STORED.map(row),
            row.optionalUuid("subject_id").isPresent() ? Optional.of(TokenSubject.MAPPER.map(row)) : Optional.empty(),
            row.bool("client_enabled"), row.optionalInstant("client_tokens_revoked_before"),
            row.optionalInstant("user_tokens_revoked_before"));

    private record AtOnce(boolean rotated, Presented presented) {}

    private Rows rows;
    private RevokedAccessTokens revokedAccessTokens;

    protected RefreshTokens() {
        // for the CDI proxy
    }

    @Inject
    public RefreshTokens(Rows rows, RevokedAccessTokens revokedAccessTokens) {
        this.rows = rows;
        this.revokedAccessTokens = revokedAccessTokens;
    }

    /**
     * The refresh rules, stated once: what presenting {@code found} for {@code refresh} comes to.
     * A {@link Rotation.Rotated} or {@link Rotation.ReuseDetected} here is only a verdict; the path
     * that asked carries it out.
     *
     * @param grace how long a just-retired token still rotates (OID_REFRESH_REUSE_GRACE_SECS)
     */
    public static Rotation judge(Optional<Presented> found, Refresh refresh, Duration grace) {
        Optional<Presented> presented = found.filter(p -> p.token().clientId().equals(refresh.clientId()));
        if (presented.isEmpty() || presented.get().token().revokedAt().isPresent()) {
            return new Rotation.Refused(OAuthError.INVALID_GRANT, INVALID);
        }
        Stored token = presented.get().token();
        Instant now = refresh.now();
        // a retired token rotates again only inside a grace period; a rotation stamped after this
        // request's clock (a concurrent use) is no grace when there is none
        if (token.rotatedAt().filter(rotated -> grace.isZero() || grace.isNegative() || !now.isBefore(rotated.plus(grace)))
                .isPresent()) {
            return new Rotation.ReuseDetected(token, 0);
        }
        if (!now.isBefore(token.expiresAt())) {
            return new Rotation.Refused(OAuthError.INVALID_GRANT, INVALID);
        }
        Scope scope = refresh.asked().orElse(token.scope());
        for (String wanted : scope.values()) {
            if (!token.scope().contains(wanted)) {
                return new Rotation.Refused(OAuthError.INVALID_SCOPE, "scope '" + wanted + "' was not granted to this refresh token");
            }
        }
        // authority taken away: the client disabled, or every token of the client or user revoked since this one
        Instant issued = token.createdAt().truncatedTo(ChronoUnit.SECONDS);
        if (!presented.get().clientEnabled() || revokedSince(presented.get().clientTokensRevokedBefore(), issued)
                || revokedSince(presented.get().userTokensRevokedBefore(), issued)) {
            return new Rotation.Refused(OAuthError.INVALID_GRANT, INVALID);
        }
        if (presented.get().subject().isEmpty()) {
            return new Rotation.Refused(OAuthError.INVALID_GRANT, "the user can no longer sign in");
        }
        return new Rotation.Rotated(token, presented.get().subject().get(), scope);
    }

    private static boolean revokedSince(Optional<Instant> watermark, Instant issued) {
        return watermark.filter(before -> !issued.isAfter(before)).isPresent();
    }

    /**
     * The fast path, one round trip outside any transaction: rotated, or refused (then nothing
     * changed); empty when the rules need the row locked — a token already retired (within the grace
     * period, or a reuse), or one another use retired meanwhile — which {@link #rotateCarefully} then
     * decides.
     */
    public Optional<Rotation> rotateAtOnce(Refresh refresh) {
        Optional<AtOnce> result = rows.query(ROTATE_AT_ONCE)
                .set("now", refresh.now())
                .set("hash", Hashes.sha256(refresh.value()))
                .set("client", refresh.clientId())
                .set("asked", refresh.asked().map(Scope::toString))
                .set("next_id", UUID.randomUUID())
                .set("next_hash", Hashes.sha256(refresh.next()))
                .set("idle_expiry", refresh.idleExpiry())
                .set("jti", refresh.accessTokenJti())
                .set("jti_expires_at", refresh.accessTokenExpiresAt())
                .optional(row -> new AtOnce(row.bool("rotated"), PRESENTED.map(row)));
        if (result.isPresent() && result.get().rotated()) {
            Presented presented = result.get().presented();
            return Optional.of(new Rotation.Rotated(presented.token(), presented.subject().orElseThrow(),
                    refresh.asked().orElse(presented.token().scope())));
        }
        Rotation verdict = judge(result.map(AtOnce::presented), refresh, Duration.ZERO);
        return verdict instanceof Rotation.Refused ? Optional.of(verdict) : Optional.empty();
    }

    /**
     * The careful path, in the caller's transaction: the token is read with its row locked, judged,
     * and the verdict carried out — the next token stored in its place, or the family revoked.
     */
    public Rotation rotateCarefully(Refresh refresh, Duration grace) {
        Optional<Presented> found = rows.query(FIND_PRESENTED).set("hash", Hashes.sha256(refresh.value())).optional(PRESENTED);
        Rotation verdict = judge(found, refresh, grace);
        if (verdict instanceof Rotation.ReuseDetected reuse) {
            return new Rotation.ReuseDetected(reuse.token(), revokeFamily(reuse.token().familyId(), refresh.now()));
        }
        if (verdict instanceof Rotation.Rotated rotated) {
            Stored token = rotated.token();
            storeWithValue(new New(token.familyId(), token.tenantId(), token.clientId(), token.userId(), token.sessionId(),
                    Optional.empty(), token.scope(), token.signIn(), earliest(refresh.idleExpiry(), token.familyExpiresAt()),
                    token.familyExpiresAt(), token.offline(), refresh.accessTokenJti(), refresh.accessTokenExpiresAt(),
                    Optional.of(token.id()), token.claims()), refresh.next(), refresh.now());
        }
        return verdict;
    }

    /** Stores a new token and answers its value, which exists nowhere else. */
    public String store(New token, Instant now) {
        String value = RandomValues.base64url(32);
        storeWithValue(token, value, now);
        return value;
    }

    private void storeWithValue(New token, String value, Instant now) {
        rows.query(STORE)
                .set("id", UUID.randomUUID())
                .set("hash", Hashes.sha256(value))
                .set("family", token.familyId())
                .set("tenant", token.tenantId())
                .set("client", token.clientId())
                .set("user", token.userId())
                .set("session", token.sessionId())
                .set("code_hash", token.authCodeHash())
                .set("scope", token.scope().toString())
                .set("auth_time", token.signIn().time())
                .set("acr", token.signIn().acr())
                .set("amr", token.signIn().amrText())
                .set("now", now)
                .set("expires_at", token.expiresAt())
                .set("family_expires_at", token.familyExpiresAt())
                .set("offline", token.offline())
                .set("jti", token.accessTokenJti())
                .set("jti_expires_at", token.accessTokenExpiresAt())
                .set("rotates", token.rotates())
                .set("claims", token.claims().toJson())
                .update();
    }

    /** The token with this value, locked until the transaction ends, so two uses of it take turns. */
    public Optional<Stored> findForUpdate(String value) {
        return rows.query(FIND_FOR_UPDATE).set("hash", Hashes.sha256(value)).optional(STORED);
    }

    /** The token with this value, as it is (for introspection and revocation). */
    public Optional<Stored> find(String value) {
        return rows.query(FIND).set("hash", Hashes.sha256(value)).optional(STORED);
    }

    /** Revokes every token of the family and the access tokens issued beside them; answers how many refresh tokens were live. */
    public int revokeFamily(UUID familyId, Instant now) {
        return revoke(Revocation.FAMILY, familyId, now);
    }

    /** Revokes the families descended from this authorization code (it was replayed). */
    public int revokeDescendantsOf(byte[] authCodeHash, Instant now) {
        return revoke(Revocation.DESCENDANTS_OF_CODE, authCodeHash, now);
    }

    /**
     * Logout: revokes the session's refresh tokens of clients that asked for it
     * ({@code revoke_refresh_tokens_on_logout}), except offline ones, which exist to outlive it.
     */
    public int revokeForLogout(UUID sessionId, Instant now) {
        return revoke(Revocation.LOGOUT, sessionId, now);
    }

    /** An oid-admin revoked every token of the client (by its row id): its refresh tokens, of every family. */
    public int revokeForClient(UUID clientId, Instant now) {
        return revoke(Revocation.CLIENT, clientId, now);
    }

    /** An oid-admin revoked every token of the user: their refresh tokens, offline ones included. */
    public int revokeForUser(UUID userId, Instant now) {
        return revoke(Revocation.USER, userId, now);
    }

    /**
     * A user revoked their consent to the client (by its row id), or an administrator did: the user's
     * refresh tokens of that client, offline ones included (issue 17).
     */
    public int revokeForConsent(UUID userId, UUID clientId, Instant now) {
        return revoke(Revocation.CONSENT, now, query -> query.set("key", userId).set("client", clientId));
    }

    /** Which refresh tokens a revocation takes: its two statements, each a constant, over the rows {@code r} its condition names. */
    private enum Revocation {
        FAMILY("r.family_id = :key"),
        DESCENDANTS_OF_CODE("r.family_id IN (SELECT family_id FROM {schema}.refresh_tokens WHERE auth_code_hash = :key)"),
        LOGOUT("r.session_id = :key AND NOT r.offline"
                + " AND r.client_id IN (SELECT id FROM {schema}.clients WHERE revoke_refresh_tokens_on_logout)"),
        CLIENT("r.client_id = :key"),
        USER("r.user_id = :key"),
        CONSENT("r.user_id = :key AND r.client_id = :client");

        /** Every unexpired access token issued beside one of these refresh tokens. */
        final String revokeAccessTokens;
        final String revokeRefreshTokens;

        Revocation(String condition) {
            this.revokeAccessTokens = """
                    INSERT INTO {schema}.revoked_access_tokens (jti, tenant_id, client_id, revoked_at, expires_at)
                    SELECT r.access_token_jti, r.tenant_id, c.client_id, :now, r.access_token_expires_at
                    FROM {schema}.refresh_tokens r JOIN {schema}.clients c ON c.id = r.client_id
                    WHERE r.access_token_jti IS NOT NULL AND r.access_token_expires_at > :now AND\s""" + condition + """

                    ON CONFLICT (jti) DO NOTHING
                    RETURNING jti, expires_at""";
            this.revokeRefreshTokens = "UPDATE {schema}.refresh_tokens r SET revoked_at = :now WHERE r.revoked_at IS NULL AND "
                    + condition;
        }
    }

    private int revoke(Revocation which, Object key, Instant now) {
        return revoke(which, now, query -> query.set("key", key));
    }

    private int revoke(Revocation which, Instant now, UnaryOperator<Rows.Query> keys) {
        List<RevokedAccessTokens.Revoked> jtis = keys.apply(rows.query(which.revokeAccessTokens)).set("now", now)
                .list(RevokedAccessTokens.Revoked.MAPPER);
        int revoked = keys.apply(rows.query(which.revokeRefreshTokens)).set("now", now).update();
        revokedAccessTokens.remember(jtis);
        return revoked;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
