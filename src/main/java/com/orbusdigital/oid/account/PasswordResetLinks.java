package com.orbusdigital.oid.account;

import com.orbusdigital.oid.crypto.Hashes;
import com.orbusdigital.oid.persistence.RowMapper;
import com.orbusdigital.oid.persistence.Rows;
import com.orbusdigital.oid.ratelimit.PostgresRateLimiter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Issue 17: the forgotten password's rows — the links (table password_resets: the SHA-256 of 256
 * random bits, never the link), their limits (rate_limit_buckets, the per-IP limit's table, under
 * keys of their own), and the user's row as a reset changes it. A link is live while unused,
 * unexpired, its user enabled and their password hash the one it was made for ({@code
 * password_binding}): a password changed by any route kills it without anyone having to remember to.
 */
@ApplicationScoped
public class PasswordResetLinks {

    /** The user a reset may concern: a lookup that costs the same whether or not anyone matches. */
    record Account(UUID id, String username, Optional<String> email, Optional<String> name, boolean enabled, Optional<String> passwordHash) {
        @Override
        public String toString() {
            return "Account[" + id + "]";
        }
    }

    /** A live link: whose it is and where its sign-in was going. */
    record Live(UUID tenantId, UUID userId, String username, Optional<String> email, String returnQuery) {
        @Override
        public String toString() {
            return "Live[" + userId + "]";
        }
    }

    private static final String ACCOUNT = """
            SELECT id, username, email, name, enabled, password_hash FROM {schema}.users WHERE id = :id AND tenant_id = :tenant""";
    /** {@code :real} false: the same statement, nothing written (an address no account has). */
    private static final String CREATE = """
            INSERT INTO {schema}.password_resets (token_hash, tenant_id, user_id, password_binding, return_query, created_at, expires_at)
            SELECT :hash, :tenant, :user, :binding, :return_query, :now, :expires WHERE :real""";
    private static final String LIVE_CONDITION = """
            r.used_at IS NULL AND r.expires_at > :now AND u.id = r.user_id AND u.enabled AND t.id = r.tenant_id AND t.enabled
            AND r.password_binding = sha256(convert_to(coalesce(u.password_hash, ''), 'UTF8'))""";
    private static final String FIND_LIVE = """
            SELECT r.tenant_id, r.user_id, u.username, u.email, r.return_query
            FROM {schema}.password_resets r, {schema}.users u, {schema}.tenants t
            WHERE r.token_hash = :hash AND\s""" + LIVE_CONDITION;
    /** Single use: of two simultaneous uses, the second waits for the first's row lock and then finds it used. */
    private static final String USE = """
            UPDATE {schema}.password_resets r SET used_at = :now FROM {schema}.users u, {schema}.tenants t
            WHERE r.token_hash = :hash AND\s""" + LIVE_CONDITION + """

            RETURNING r.tenant_id, r.user_id, u.username, u.email, r.return_query""";
    /** The new password, and the lock lifted: the failure count and the growing lock period start again. */
    private static final String SET_PASSWORD = """
            UPDATE {schema}.users SET password_hash = :hash, password_changed_at = :now, updated_at = :now, version = version + 1,
                failed_logins = 0, lockouts = 0, locked_until = NULL
            WHERE id = :id""";
    /** The user's other links die with the password anyway; deleted so none lingers. */
    private static final String FORGET_LINKS = "DELETE FROM {schema}.password_resets WHERE user_id = :id AND token_hash <> :hash";
    /** A sign-in under way proved the old password; a code not yet exchanged came from it. */
    private static final String END_PENDING_SIGN_INS = "DELETE FROM {schema}.sign_in_flows WHERE user_id = :id";
    private static final String DELETE_CODES = "DELETE FROM {schema}.auth_codes WHERE user_id = :id AND consumed_at IS NULL";

    private static final RowMapper<Live> LIVE = row -> new Live(row.uuid("tenant_id"), row.uuid("user_id"), row.string("username"),
            row.optionalString("email"), row.string("return_query"));

    private Rows rows;

    protected PasswordResetLinks() {
        // for the CDI proxy
    }

    @Inject
    public PasswordResetLinks(Rows rows) {
        this.rows = rows;
    }

    Optional<Account> account(UUID tenantId, UUID userId) {
        return rows.query(ACCOUNT).set("id", userId).set("tenant", tenantId).optional(row -> new Account(row.uuid("id"),
                row.string("username"), row.optionalString("email"), row.optionalString("name"), row.bool("enabled"),
                row.optionalString("password_hash")));
    }

    /** Counts one request under {@code key}; whether it is within {@code limit} per {@code window}. */
    boolean withinLimit(String key, int limit, Duration window) {
        return rows.query(PostgresRateLimiter.COUNT).set("key", key).set("window", (int) window.toSeconds()).set("most", limit + 1)
                .one(row -> row.intValue("used")) <= limit;
    }

    void create(byte[] tokenHash, UUID tenantId, UUID userId, Optional<String> passwordHash, String returnQuery, Instant now,
                Instant expires, boolean real) {
        rows.query(CREATE).set("hash", tokenHash).set("tenant", tenantId).set("user", userId).set("binding", binding(passwordHash))
                .set("return_query", returnQuery).set("now", now).set("expires", expires).set("real", real).update();
    }

    Optional<Live> findLive(byte[] tokenHash, Instant now) {
        return rows.query(FIND_LIVE).set("hash", tokenHash).set("now", now).optional(LIVE);
    }

    /** Marks the link used if it is live; what it was for, or empty when it was not (expired, used, its password changed). */
    Optional<Live> use(byte[] tokenHash, Instant now) {
        return rows.query(USE).set("hash", tokenHash).set("now", now).optional(LIVE);
    }

    /** The password set through the link: the lock lifted, pending sign-ins and unexchanged codes ended, the other links gone. */
    void setPassword(UUID userId, String passwordHash, byte[] usedTokenHash, Instant now) {
        rows.query(SET_PASSWORD).set("id", userId).set("hash", passwordHash).set("now", now).update();
        rows.query(FORGET_LINKS).set("id", userId).set("hash", usedTokenHash).update();
        rows.query(END_PENDING_SIGN_INS).set("id", userId).update();
        rows.query(DELETE_CODES).set("id", userId).update();
    }

    /** What binds a link to the password it was made under: SHA-256 of the stored hash ("" for none), as the SQL computes it. */
    static byte[] binding(Optional<String> passwordHash) {
        return Hashes.sha256(passwordHash.orElse(""));
    }

    /** A rate-limit key that names what it counts without storing it (an address typed, an account). */
    static String limitKey(String what, String value) {
        return "reset-" + what + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(Hashes.sha256(value));
    }
}
