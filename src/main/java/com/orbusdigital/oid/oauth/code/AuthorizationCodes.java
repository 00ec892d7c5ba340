package com.orbusdigital.oid.oauth.code;

import com.orbusdigital.oid.protocol.Authentication;
import com.orbusdigital.oid.crypto.Hashes;
import com.orbusdigital.oid.crypto.RandomValues;
import com.orbusdigital.oid.oauth.authorize.AuthorizationRequest;
import com.orbusdigital.oid.protocol.ClaimsRequest;
import com.orbusdigital.oid.protocol.Scope;
import com.orbusdigital.oid.persistence.RowMapper;
import com.orbusdigital.oid.persistence.Rows;
import com.orbusdigital.oid.session.SignInSession;
import com.orbusdigital.oid.token.IssuedToken;
import com.orbusdigital.oid.token.RevokedAccessTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

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
                        Optional<Pkce.Challenge> challenge, Authentication signIn, Instant expiresAt,
                        Optional<String> accessTokenJti, Optional<Instant> accessTokenExpiresAt, ClaimsRequest claims) {}

    /** The outcome of presenting a code. */
    public sealed interface Redemption {
        /** First use: the code is now consumed. */
        record First(Bound code) implements Redemption {}

        /** Used before: a replay (RFC 6749 §4.1.2: deny, and revoke what it issued). */
        record Replayed(Bound code) implements Redemption {}

        record Unknown() implements Redemption {}
    }

    /**
     * The code, and (issue 18, back-channel logout) that its session has served the client, in the
     * same statement: the session's end tells exactly the clients it issued codes to, at no extra
     * round trip. The served row lives as long as the session can ({@code max_expires_at}).
     */
    private static final String ISSUE = """
            WITH code AS (
                INSERT INTO {schema}.auth_codes (code_hash, tenant_id, client_id, user_id, session_id, redirect_uri,
                    redirect_uri_given, scope, nonce, code_challenge, code_challenge_method, auth_time, acr, amr, created_at, expires_at, claims)
                VALUES (:hash, :tenant, :client, :user, :session, :redirect_uri, :redirect_uri_given, :scope, :nonce, :challenge,
                    :challenge_method, :auth_time, :acr, :amr, :now, :expires_at, :claims)
                RETURNING session_id, client_id)
            INSERT INTO {schema}.session_clients (session_id, client_id, expires_at)
            SELECT code.session_id, code.client_id, s.max_expires_at FROM code JOIN {schema}.sessions s ON s.id = code.session_id
            ON CONFLICT (session_id, client_id) DO NOTHING""";
    private static final String COLUMNS = "code_hash, tenant_id, client_id, user_id, session_id, redirect_uri, redirect_uri_given, "
            + "scope, nonce, code_challenge, auth_time, acr, amr, expires_at, access_token_jti, access_token_expires_at, claims";
    /** The first use: consumed, and the row locked until the exchange's transaction ends. */
    private static final String CONSUME = "UPDATE {schema}.auth_codes SET consumed_at = :now WHERE code_hash = :hash"
            + " AND consumed_at IS NULL RETURNING " + COLUMNS;
    private static final String FIND = "SELECT " + COLUMNS + " FROM {schema}.auth_codes WHERE code_hash = :hash";
    private static final String RECORD_ACCESS_TOKEN = """
            UPDATE {schema}.auth_codes SET access_token_jti = :jti, access_token_expires_at = :jti_expires_at
            WHERE code_hash = :hash""";
    private static final String MARK_REPLAYED = "UPDATE {schema}.auth_codes SET replayed_at = COALESCE(replayed_at, :now)"
            + " WHERE code_hash = :hash";
    private static final String REVOKE_ACCESS_TOKEN = """
            INSERT INTO {schema}.revoked_access_tokens (jti, tenant_id, client_id, revoked_at, expires_at)
            SELECT a.access_token_jti, a.tenant_id, c.client_id, :now, a.access_token_expires_at
            FROM {schema}.auth_codes a JOIN {schema}.clients c ON c.id = a.client_id
            WHERE a.code_hash = :hash AND a.access_token_jti IS NOT NULL AND a.access_token_expires_at > :now
            ON CONFLICT (jti) DO NOTHING
            RETURNING jti, expires_at""";

    private static final RowMapper<Bound> BOUND = row -> new Bound(row.bytes("code_hash"), row.uuid("tenant_id"),
            row.uuid("client_id"), row.uuid("user_id"), row.optionalUuid("session_id"), row.string("redirect_uri"),
            row.bool("redirect_uri_given"), Scope.parse(row.string("scope")), row.optionalString("nonce"),
            row.optionalString("code_challenge").map(Pkce.Challenge::new),
            Authentication.read(row.instant("auth_time"), row.optionalString("acr"), row.optionalString("amr")), row.instant("expires_at"),
            row.optionalString("access_token_jti"), row.optionalInstant("access_token_expires_at"),
            ClaimsRequest.fromStored(row.optionalString("claims").orElse(null)));

    private Rows rows;
    private RevokedAccessTokens revokedAccessTokens;
    private Clock clock;

    protected AuthorizationCodes() {
        // for the CDI proxy
    }

    @Inject
    public AuthorizationCodes(Rows rows, RevokedAccessTokens revokedAccessTokens, Clock clock) {
        this.rows = rows;
        this.revokedAccessTokens = revokedAccessTokens;
        this.clock = clock;
    }

    /** A new code for the signed-in user; its value exists only in the redirect. */
    public String issue(AuthorizationRequest request, SignInSession session) {
        String code = RandomValues.base64url(32);
        Instant now = clock.instant();
        Authentication signIn = Authentication.of(session.proofs(), session.authTime(), request.acrValues());
        rows.query(ISSUE)
                .set("hash", Hashes.sha256(code))
                .set("tenant", session.tenantId())
                .set("client", request.client().id())
                .set("user", session.userId())
                .set("session", session.id())
                .set("redirect_uri", request.redirectUri())
                .set("redirect_uri_given", request.redirectUriGiven())
                .set("scope", request.scope().toString())
                .set("nonce", request.nonce())
                .set("challenge", request.challenge().map(Pkce.Challenge::value))
                .set("challenge_method", request.challenge().map(challenge -> Pkce.S256))
                .set("auth_time", signIn.time())
                .set("acr", signIn.acr())
                .set("amr", signIn.amrText())
                .set("now", now)
                .set("expires_at", now.plus(LIFETIME))
                .set("claims", request.claims().toJson())
                .update();
        return code;
    }

    /**
     * Consumes the code if this is its first use; a replay or an unknown code otherwise. In the
     * caller's transaction: a first use keeps the row locked until that transaction ends, so a
     * concurrent redemption waits, then finds the code consumed and what this one recorded.
     */
    public Redemption redeem(String code) {
        byte[] hash = Hashes.sha256(code);
        Optional<Bound> first = rows.query(CONSUME).set("hash", hash).set("now", clock.instant()).optional(BOUND);
        if (first.isPresent()) {
            return new Redemption.First(first.get());
        }
        return rows.query(FIND).set("hash", hash).optional(BOUND)
                .<Redemption>map(Redemption.Replayed::new)
                .orElseGet(Redemption.Unknown::new);
    }

    /**
     * Remembers the access token issued for the code, to revoke it if the code is replayed: in the
     * transaction that redeemed it, before it commits, so a replay waiting for the row finds it.
     */
    public void recordAccessToken(byte[] codeHash, IssuedToken token) {
        rows.query(RECORD_ACCESS_TOKEN)
                .set("hash", codeHash)
                .set("jti", token.jti())
                .set("jti_expires_at", token.expiresAt())
                .update();
    }

    /** Marks when the code was first replayed. */
    public void markReplayed(byte[] codeHash, Instant now) {
        rows.query(MARK_REPLAYED).set("hash", codeHash).set("now", now).update();
    }

    /** Revokes the access token issued for the code (it was replayed); whether there was a live one. */
    public boolean revokeAccessToken(byte[] codeHash, Instant now) {
        List<RevokedAccessTokens.Revoked> revoked = rows.query(REVOKE_ACCESS_TOKEN).set("hash", codeHash).set("now", now)
                .list(RevokedAccessTokens.Revoked.MAPPER);
        revokedAccessTokens.remember(revoked);
        return !revoked.isEmpty();
    }
}
