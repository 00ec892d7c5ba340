package com.orbusdigital.oid.user.signin;

import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.event.SignInEvent;
import com.orbusdigital.oid.persistence.Rows;
import com.orbusdigital.oid.persistence.Transactional;
import com.orbusdigital.oid.protocol.Proofs;
import com.orbusdigital.oid.session.Sessions;
import com.orbusdigital.oid.user.EmailAddresses;
import com.orbusdigital.oid.user.Usernames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The database side of a password sign-in: the lookup, one statement, then the outcome, one
 * transaction — so that no connection is held while a password hash is computed. Failure counting is one atomic UPDATE: many
 * concurrent wrong passwords lock the account exactly once, and attempts during a lock are not
 * counted (PasswordSignIn does not report them, and the UPDATE skips a locked row).
 */
@ApplicationScoped
public class SignInAttempts {

    /** What a sign-in needs to know of a user. */
    public record Candidate(UUID id, UUID tenantId, Optional<String> passwordHash, boolean enabled, Optional<Instant> lockedUntil) {
        @Override
        public String toString() {
            return "Candidate[" + id + "]";
        }
    }

    /** The first lock lasts a minute; each further one twice as long as the last, at most an hour. */
    static final long FIRST_LOCK_SECONDS = 60;
    static final long LONGEST_LOCK_SECONDS = 3600;

    /**
     * The user whose username (or email, by {@link #FIND_BY_EMAIL}) is what was typed, enforced or as
     * typed, the enforced match first; both comparisons use the tenant's lower() unique index.
     */
    private static final String FIND_BY_USERNAME = """
            SELECT id, password_hash, enabled, locked_until FROM {schema}.users
            WHERE tenant_id = :tenant AND lower(username) IN (lower(:enforced), lower(:typed))
            ORDER BY lower(username) = lower(:enforced) DESC LIMIT 1""";
    private static final String FIND_BY_EMAIL = """
            SELECT id, password_hash, enabled, locked_until FROM {schema}.users
            WHERE tenant_id = :tenant AND lower(email) IN (lower(:enforced), lower(:typed))
            ORDER BY lower(email) = lower(:enforced) DESC LIMIT 1""";
    /** Counts a failure, and locks when the count reaches the limit; skips a locked row. */
    private static final String WRONG_PASSWORD = """
            UPDATE {schema}.users SET
                failed_logins = CASE WHEN failed_logins + 1 >= :max_failures THEN 0 ELSE failed_logins + 1 END,
                lockouts      = CASE WHEN failed_logins + 1 >= :max_failures THEN lockouts + 1 ELSE lockouts END,
                locked_until  = CASE WHEN failed_logins + 1 >= :max_failures
                                     THEN CAST(:now AS timestamptz)
                                          + LEAST(:first_lock * power(2, LEAST(lockouts, 12)), :longest_lock) * interval '1 second'
                                     ELSE locked_until END
            WHERE id = :id AND (locked_until IS NULL OR locked_until <= :now)
            RETURNING locked_until""";
    private static final String RESET_FAILURES = """
            UPDATE {schema}.users SET failed_logins = 0, lockouts = 0 WHERE id = :id AND (failed_logins <> 0 OR lockouts <> 0)""";
    private static final String LOCKED_UNTIL = "SELECT locked_until FROM {schema}.users WHERE id = :id";
    /** Only if no one changed the hash meanwhile. */
    private static final String REHASH = "UPDATE {schema}.users SET password_hash = :hash WHERE id = :id AND password_hash = :old_hash";

    private Rows rows;
    private Sessions sessions;
    private Event<IdentityEvent> events;
    private int maxFailures;

    protected SignInAttempts() {
        // for the CDI proxy
    }

    @Inject
    public SignInAttempts(Rows rows, Sessions sessions, Event<IdentityEvent> events, OidConfig config) {
        this.rows = rows;
        this.sessions = sessions;
        this.events = events;
        this.maxFailures = config.signIn().loginMaxFailures();
    }

    /**
     * The user of the tenant with this username, or else with this email address, case-insensitively.
     * What was typed is enforced as creation enforces usernames and emails ("ＡＤＭＩＮ" finds "admin");
     * it is also compared as typed, for users stored before that enforcement existed (their names stay
     * as they were), the enforced match first. Text that cannot be a username ("аdmin", mixing
     * scripts) is then only compared as typed: it finds no user created since.
     */
    public Optional<Candidate> find(UUID tenantId, String login) {
        // enforced before the transaction: the first use loads ICU's data (a second or more on a busy
        // host), which a burst of first sign-ins must not wait for while each holds a pooled connection
        String username = Usernames.enforce(login).valid().orElse(login);
        Optional<String> email = login.contains("@")
                ? Optional.of(EmailAddresses.enforce(login).valid().orElse(login)) : Optional.empty();
        // one statement, or two when the username matched no one: no transaction needed
        Optional<Candidate> byUsername = find(tenantId, FIND_BY_USERNAME, username, login);
        return byUsername.isPresent() || email.isEmpty() ? byUsername : find(tenantId, FIND_BY_EMAIL, email.get(), login);
    }

    private Optional<Candidate> find(UUID tenantId, String sql, String enforced, String typed) {
        return rows.query(sql).set("tenant", tenantId).set("enforced", enforced).set("typed", typed)
                .optional(row -> new Candidate(row.uuid("id"), tenantId, row.optionalString("password_hash"), row.bool("enabled"),
                        row.optionalInstant("locked_until")));
    }

    /** A wrong password: counted, and the account locked when the count reaches OID_LOGIN_MAX_FAILURES. */
    @Transactional
    public void wrongPassword(Candidate user, String clientId, Instant now) {
        wrong(user.tenantId(), user.id(), clientId, now, SignInFailure.WRONG_PASSWORD);
    }

    /**
     * A wrong one-time or recovery code, or a passkey assertion that failed, after the right password:
     * counted towards the lock exactly as a wrong password is.
     */
    @Transactional
    public void wrongFactor(UUID tenantId, UUID userId, String clientId, Instant now, SignInFailure failure) {
        wrong(tenantId, userId, clientId, now, failure);
    }

    /** Whether the user is locked out at {@code now} (a second factor is not even checked then). */
    public boolean isLocked(UUID userId, Instant now) {
        return rows.query(LOCKED_UNTIL).set("id", userId).optional(row -> row.optionalInstant("locked_until"))
                .flatMap(until -> until).filter(now::isBefore).isPresent();
    }

    private void wrong(UUID tenantId, UUID userId, String clientId, Instant now, SignInFailure failure) {
        // no row when the account was locked meanwhile; locked_until is null for a user never locked
        Optional<Instant> lockedUntil = rows.query(WRONG_PASSWORD)
                .set("id", userId)
                .set("max_failures", maxFailures)
                .set("now", now)
                .set("first_lock", FIRST_LOCK_SECONDS)
                .set("longest_lock", LONGEST_LOCK_SECONDS)
                .optional(row -> row.optionalInstant("locked_until"))
                .flatMap(until -> until)
                .filter(until -> until.isAfter(now));
        failed(tenantId, Optional.of(userId), clientId, failure);
        lockedUntil.ifPresent(until -> events.fire(new SignInEvent.Locked(tenantId, userId, until)));
    }

    /** A refusal that changes nothing but is published (unknown user, locked, disabled, no password). */
    @Transactional
    public void refused(UUID tenantId, Optional<UUID> userId, String clientId, SignInFailure failure) {
        failed(tenantId, userId, clientId, failure);
    }

    /**
     * A complete sign-in: a new session that proved {@code proofs}, the failure count started again,
     * and a password hash of an older format or cost replaced (only if no one changed it meanwhile)
     * — one transaction.
     */
    @Transactional
    public Sessions.Started completed(UUID tenantId, UUID userId, Proofs proofs, Optional<Rehash> rehash, String clientId) {
        rows.query(RESET_FAILURES).set("id", userId).update();
        rehash.ifPresent(this::rehash);
        Sessions.Started started = sessions.start(tenantId, userId, proofs);
        events.fire(new SignInEvent.SignedIn(tenantId, userId, clientId, started.session().id(), proofs));
        return started;
    }

    /**
     * A session that proved more factors (step-up): the failure count started again, the session
     * under a new cookie value; empty when it ended meanwhile.
     */
    @Transactional
    public Optional<Sessions.Started> steppedUp(UUID tenantId, UUID userId, UUID sessionId, Proofs proofs, String clientId) {
        rows.query(RESET_FAILURES).set("id", userId).update();
        Optional<Sessions.Started> started = sessions.stepUp(sessionId, proofs);
        started.ifPresent(s -> events.fire(new SignInEvent.SignedIn(tenantId, userId, clientId, sessionId, proofs)));
        return started;
    }

    /** The right password of a sign-in that needs another factor: only an old-format hash replaced. */
    public void passwordAccepted(Optional<Rehash> rehash) {
        rehash.ifPresent(this::rehash);
    }

    /** A password's new hash, replacing {@code oldHash} only if no one changed it meanwhile. */
    public record Rehash(UUID userId, String oldHash, String newHash) {
        @Override
        public String toString() {
            return "Rehash[" + userId + "]";
        }
    }

    private void rehash(Rehash rehash) {
        rows.query(REHASH).set("id", rehash.userId()).set("hash", rehash.newHash()).set("old_hash", rehash.oldHash()).update();
    }

    private void failed(UUID tenantId, Optional<UUID> userId, String clientId, SignInFailure failure) {
        // never the password, and not the username typed for an unknown user (people type passwords there)
        events.fire(new SignInEvent.Failed(tenantId, userId, clientId, failure.reason()));
    }
}
