package com.orbusdigital.oid.account;

import com.orbusdigital.oid.persistence.RowMapper;
import com.orbusdigital.oid.persistence.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Issue 17: email verification's rows — the links (table email_verifications: the SHA-256 of 256
 * random bits, never the link), read with their user's address now ({@link VerificationLink} says
 * whether one is live), and the user's row as a followed link changes it. The user is read, and
 * the limits counted, by the forgotten password's rows ({@link PasswordResetLinks}).
 */
@ApplicationScoped
public class EmailVerificationLinks {

    private static final String TAKEN = """
            SELECT EXISTS (SELECT 1 FROM {schema}.users WHERE tenant_id = :tenant AND lower(email) = lower(:email) AND id <> :id) AS taken""";
    /** A newer link for the same purpose: the older ones die. {@code :real} false: the same statement, nothing deleted. */
    private static final String FORGET_OLDER = """
            DELETE FROM {schema}.email_verifications WHERE user_id = :user AND purpose = :purpose AND :real""";
    /** {@code :real} false: the same statement, nothing written (an address another account has). */
    private static final String CREATE = """
            INSERT INTO {schema}.email_verifications (token_hash, tenant_id, user_id, purpose, email, bound_email, created_at, expires_at)
            SELECT :hash, :tenant, :user, :purpose, :email, :bound, :now, :expires WHERE :real""";
    private static final String FIND = """
            SELECT r.tenant_id, r.user_id, r.purpose, r.email, r.bound_email, r.expires_at, r.used_at, u.email AS current_email,
                u.enabled AND t.enabled AS usable
            FROM {schema}.email_verifications r JOIN {schema}.users u ON u.id = r.user_id JOIN {schema}.tenants t ON t.id = r.tenant_id
            WHERE r.token_hash = :hash""";
    /**
     * The link's user locked first, as every change of a user does, then the link: an address
     * changed meanwhile by an administrator is seen, and of two uses of one link the second waits
     * for the first and then finds it used.
     */
    private static final String LOCK_USER = """
            SELECT u.id FROM {schema}.users u WHERE u.id = (SELECT user_id FROM {schema}.email_verifications WHERE token_hash = :hash)
            FOR UPDATE""";
    private static final String FIND_LOCKED = FIND + " FOR UPDATE OF r";
    private static final String USE = "UPDATE {schema}.email_verifications SET used_at = :now WHERE token_hash = :hash AND used_at IS NULL";
    private static final String VERIFY = """
            UPDATE {schema}.users SET email_verified = true, updated_at = :now, version = version + 1
            WHERE id = :id AND lower(email) = lower(:email)""";
    private static final String CHANGE = """
            UPDATE {schema}.users SET email = :email, email_verified = true, updated_at = :now, version = version + 1 WHERE id = :id""";
    /** Once the address changed, the links made under the old one are dead anyway: deleted so none lingers. */
    private static final String FORGET_OTHERS = "DELETE FROM {schema}.email_verifications WHERE user_id = :id AND token_hash <> :hash";

    private static final RowMapper<VerificationLink> LINK = row -> new VerificationLink(row.uuid("tenant_id"), row.uuid("user_id"),
            VerificationLink.Purpose.of(row.string("purpose")), row.string("email"), row.string("bound_email"), row.instant("expires_at"),
            row.optionalInstant("used_at"), row.optionalString("current_email"), row.bool("usable"));

    private Rows rows;

    protected EmailVerificationLinks() {
        // for the CDI proxy
    }

    @Inject
    public EmailVerificationLinks(Rows rows) {
        this.rows = rows;
    }

    /** Whether another account of the tenant has this address (as the unique index compares it). */
    boolean taken(UUID tenantId, String email, UUID except) {
        return rows.query(TAKEN).set("tenant", tenantId).set("email", email).set("id", except).one(row -> row.bool("taken"));
    }

    /** A new link; the user's older links for the same purpose are deleted. {@code real} false: the same statements, writing nothing. */
    void create(byte[] tokenHash, UUID tenantId, UUID userId, VerificationLink.Purpose purpose, String email, Optional<String> boundEmail,
                Instant now, Instant expires, boolean real) {
        rows.query(FORGET_OLDER).set("user", userId).set("purpose", purpose.column()).set("real", real).update();
        rows.query(CREATE).set("hash", tokenHash).set("tenant", tenantId).set("user", userId).set("purpose", purpose.column())
                .set("email", email).set("bound", boundEmail.orElse("")).set("now", now).set("expires", expires).set("real", real).update();
    }

    /** The link, as it is now (for its page). */
    Optional<VerificationLink> find(byte[] tokenHash) {
        return rows.query(FIND).set("hash", tokenHash).optional(LINK);
    }

    /** The link with its user's row and its own locked until the transaction ends (to use it). */
    Optional<VerificationLink> lock(byte[] tokenHash) {
        rows.query(LOCK_USER).set("hash", tokenHash).list(row -> row.uuid("id"));
        return rows.query(FIND_LOCKED).set("hash", tokenHash).optional(LINK);
    }

    /** Marks the link used; false when it already was. */
    boolean use(byte[] tokenHash, Instant now) {
        return rows.query(USE).set("hash", tokenHash).set("now", now).update() == 1;
    }

    /** The user's address marked verified, if it is still this one. */
    boolean verify(UUID userId, String email, Instant now) {
        return rows.query(VERIFY).set("id", userId).set("email", email).set("now", now).update() == 1;
    }

    /** The new address in place of the old, verified; the user's other links gone. */
    void change(UUID userId, String email, byte[] usedTokenHash, Instant now) {
        rows.query(CHANGE).set("id", userId).set("email", email).set("now", now).update();
        rows.query(FORGET_OTHERS).set("id", userId).set("hash", usedTokenHash).update();
    }
}
