package com.orbusdigital.oid.oauth.code;

import com.orbusdigital.oid.crypto.Hashes;
import com.orbusdigital.oid.crypto.RandomValues;
import com.orbusdigital.oid.oauth.authorize.AuthorizationRequest;
import com.orbusdigital.oid.persistence.Rows;
import com.orbusdigital.oid.persistence.Transactional;
import com.orbusdigital.oid.protocol.ClaimsRequest;
import com.orbusdigital.oid.protocol.Scope;
import com.orbusdigital.oid.session.SignInSession;
import com.orbusdigital.oid.token.IssuedToken;
import com.orbusdigital.oid.token.RevokedAccessTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.query.NativeQuery;

/**
 * Authorization codes (RFC 6749 §4.1.2): 256 random bits, stored as SHA-256, valid 60 seconds,
 * bound to the client, redirect URI, PKCE challenge, nonce, scope, claims request and sign-in
 * session. Redeeming marks a code consumed in the same statement that reads it and keeps its row
 * locked until the exchange's transaction ends: of concurrent redemptions exactly one wins, and the
 * others wait for it, then find the code used and what it issued recorded: a replay.
 */
@ApplicationScoped
public class AuthorizationCodes {

    /** RFC 6749 §4.1.2 recommends at most 10 minutes; a browser redirect needs a few seconds. */
    public static final Duration LIFETIME = Duration.ofSeconds(60);

    /** What a code was issued for. */
    public record Bound(byte[] codeHash, UUID tenantId, UUID clientId, UUID userId, Optional<UUID> sessionId,
                        String redirectUri, boolean redirectUriGiven, Scope scope, Optional<String> nonce,
                        Optional<Pkce.Challenge> challenge, Instant authTime, Instant expiresAt,
                        Optional<String> accessTokenJti, Optional<Instant> accessTokenExpiresAt, ClaimsRequest claims) {}

    /** The outcome of presenting a code. */
    public sealed interface Redemption {
        /** First use: the code is now consumed. */
        record First(Bound code) implements Redemption {}

        /** Used before: a replay (RFC 6749 §4.1.2: deny, and revoke what it issued). */
        record Replayed(Bound code) implements Redemption {}

        record Unknown() implements Redemption {}
    }

    private static final String COLUMNS = "code_hash, tenant_id, client_id, user_id, session_id, redirect_uri, redirect_uri_given, "
            + "scope, nonce, code_challenge, auth_time, expires_at, access_token_jti, access_token_expires_at, claims";

    private EntityManager entityManager;
    private RevokedAccessTokens revokedAccessTokens;
    private Clock clock;

    protected AuthorizationCodes() {
        // for the CDI proxy
    }

    @Inject
    public AuthorizationCodes(EntityManager entityManager, RevokedAccessTokens revokedAccessTokens, Clock clock) {
        this.entityManager = entityManager;
        this.revokedAccessTokens = revokedAccessTokens;
        this.clock = clock;
    }

    /** A new code for the signed-in user; its value exists only in the redirect. */
    @Transactional
    public String issue(AuthorizationRequest request, SignInSession session) {
        String code = RandomValues.base64url(32);
        Instant now = clock.instant();
        ((NativeQuery<?>) entityManager.createNativeQuery("""
                        INSERT INTO {h-schema}auth_codes (code_hash, tenant_id, client_id, user_id, session_id, redirect_uri,
                            redirect_uri_given, scope, nonce, code_challenge, code_challenge_method, auth_time, created_at, expires_at,
                            claims)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"""))
                .setParameter(1, Hashes.sha256(code))
                .setParameter(2, session.tenantId())
                .setParameter(3, request.client().id())
                .setParameter(4, session.userId())
                .setParameter(5, session.id())
                .setParameter(6, request.redirectUri())
                .setParameter(7, request.redirectUriGiven())
                .setParameter(8, request.scope().toString())
                .setParameter(9, request.nonce().orElse(null), String.class)
                .setParameter(10, request.challenge().map(Pkce.Challenge::value).orElse(null), String.class)
                .setParameter(11, request.challenge().map(challenge -> Pkce.S256).orElse(null), String.class)
                .setParameter(12, session.authTime())
                .setParameter(13, now)
                .setParameter(14, now.plus(LIFETIME))
                .setParameter(15, request.claims().toJson(), String.class)
                .executeUpdate();
        return code;
    }

    /**
     * Consumes the code if this is its first use; a replay or an unknown code otherwise. In the
     * caller's transaction: a first use keeps the row locked until that transaction ends, so a
     * concurrent redemption waits, then finds the code consumed and what this one recorded.
     */
    @Transactional
    public Redemption redeem(String code) {
        byte[] hash = Hashes.sha256(code);
        List<Object[]> first = entityManager.createNativeQuery(
                        "UPDATE {h-schema}auth_codes SET consumed_at = ?2 WHERE code_hash = ?1 AND consumed_at IS NULL RETURNING " + COLUMNS,
                        Object[].class)
                .setParameter(1, hash)
                .setParameter(2, clock.instant())
                .getResultList();
        if (!first.isEmpty()) {
            return new Redemption.First(bound(first.get(0)));
        }
        List<Object[]> used = entityManager.createNativeQuery(
                        "SELECT " + COLUMNS + " FROM {h-schema}auth_codes WHERE code_hash = ?1", Object[].class)
                .setParameter(1, hash)
                .getResultList();
        return used.isEmpty() ? new Redemption.Unknown() : new Redemption.Replayed(bound(used.get(0)));
    }

    /**
     * Remembers the access token issued for the code, to revoke it if the code is replayed: in the
     * transaction that redeemed it, before it commits, so a replay waiting for the row finds it.
     */
    @Transactional
    public void recordAccessToken(byte[] codeHash, IssuedToken token) {
        entityManager.createNativeQuery("UPDATE {h-schema}auth_codes SET access_token_jti = ?2, access_token_expires_at = ?3 WHERE code_hash = ?1")
                .setParameter(1, codeHash)
                .setParameter(2, token.jti())
                .setParameter(3, token.expiresAt())
                .executeUpdate();
    }

    /** Marks when the code was first replayed. */
    @Transactional
    public void markReplayed(byte[] codeHash, Instant now) {
        entityManager.createNativeQuery("UPDATE {h-schema}auth_codes SET replayed_at = COALESCE(replayed_at, ?2) WHERE code_hash = ?1")
                .setParameter(1, codeHash)
                .setParameter(2, now)
                .executeUpdate();
    }

    /** Revokes the access token issued for the code (it was replayed); whether there was a live one. */
    @Transactional
    public boolean revokeAccessToken(byte[] codeHash, Instant now) {
        List<Object[]> revoked = entityManager.createNativeQuery("""
                        INSERT INTO {h-schema}revoked_access_tokens (jti, tenant_id, client_id, revoked_at, expires_at)
                        SELECT a.access_token_jti, a.tenant_id, c.client_id, ?2, a.access_token_expires_at
                        FROM {h-schema}auth_codes a JOIN {h-schema}clients c ON c.id = a.client_id
                        WHERE a.code_hash = ?1 AND a.access_token_jti IS NOT NULL AND a.access_token_expires_at > ?2
                        ON CONFLICT (jti) DO NOTHING
                        RETURNING jti, expires_at""", Object[].class)
                .setParameter(1, codeHash)
                .setParameter(2, now)
                .getResultList();
        revoked.forEach(row -> revokedAccessTokens.remember(Map.of((String) row[0], Rows.instant(row[1]))));
        return !revoked.isEmpty();
    }

    private static Bound bound(Object[] row) {
        return new Bound((byte[]) row[0], Rows.uuid(row[1]), Rows.uuid(row[2]), Rows.uuid(row[3]),
                Optional.ofNullable(Rows.uuid(row[4])), (String) row[5], (Boolean) row[6], Scope.parse((String) row[7]),
                Optional.ofNullable((String) row[8]), Optional.ofNullable((String) row[9]).map(Pkce.Challenge::new),
                Rows.instant(row[10]), Rows.instant(row[11]), Optional.ofNullable((String) row[12]),
                Optional.ofNullable(Rows.instant(row[13])), ClaimsRequest.fromStored((String) row[14]));
    }
}
