package com.orbusdigital.oid.user.signin;

import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.event.SignInEvent;
import com.orbusdigital.oid.persistence.Rows;
import com.orbusdigital.oid.persistence.Transactional;
import com.orbusdigital.oid.persistence.UnitOfWork;
import com.orbusdigital.oid.session.Sessions;
import com.orbusdigital.oid.user.EmailAddresses;
import com.orbusdigital.oid.user.Usernames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The database side of a password sign-in, each step a short transaction of its own so that no
 * connection is held while a password hash is computed. Failure counting is one atomic UPDATE: many
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

    private EntityManager entityManager;
    private UnitOfWork unitOfWork;
    private Sessions sessions;
    private Event<IdentityEvent> events;
    private int maxFailures;

    protected SignInAttempts() {
        // for the CDI proxy
    }

    @Inject
    public SignInAttempts(EntityManager entityManager, UnitOfWork unitOfWork, Sessions sessions, Event<IdentityEvent> events,
                          OidConfig config) {
        this.entityManager = entityManager;
        this.unitOfWork = unitOfWork;
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
        return unitOfWork.call(() -> {
            Optional<Candidate> byUsername = find(tenantId, "username", username, login);
            return byUsername.isPresent() || email.isEmpty() ? byUsername : find(tenantId, "email", email.get(), login);
        });
    }

    /** {@code column} is a constant; both values are parameters and both comparisons use the tenant's lower() unique index. */
    private Optional<Candidate> find(UUID tenantId, String column, String enforced, String typed) {
        List<Object[]> rows = entityManager.createNativeQuery(
                        "SELECT id, password_hash, enabled, locked_until FROM {h-schema}users WHERE tenant_id = ?1"
                                + " AND lower(" + column + ") IN (lower(?2), lower(?3))"
                                + " ORDER BY lower(" + column + ") = lower(?2) DESC LIMIT 1",
                        Object[].class)
                .setParameter(1, tenantId)
                .setParameter(2, enforced)
                .setParameter(3, typed)
                .getResultList();
        return rows.stream().findFirst().map(row -> new Candidate(Rows.uuid(row[0]), tenantId,
                Optional.ofNullable((String) row[1]), (Boolean) row[2], Optional.ofNullable(Rows.instant(row[3]))));
    }

    /** A wrong password: counted, and the account locked when the count reaches OID_LOGIN_MAX_FAILURES. */
    @Transactional
    public void wrongPassword(Candidate user, String clientId, Instant now) {
        List<Object> locked = entityManager.createNativeQuery("""
                        UPDATE {h-schema}users SET
                            failed_logins = CASE WHEN failed_logins + 1 >= ?2 THEN 0 ELSE failed_logins + 1 END,
                            lockouts      = CASE WHEN failed_logins + 1 >= ?2 THEN lockouts + 1 ELSE lockouts END,
                            locked_until  = CASE WHEN failed_logins + 1 >= ?2
                                                 THEN CAST(?3 AS timestamptz) + LEAST(?4 * power(2, LEAST(lockouts, 12)), ?5) * interval '1 second'
                                                 ELSE locked_until END
                        WHERE id = ?1 AND (locked_until IS NULL OR locked_until <= ?3)
                        RETURNING locked_until""", Object.class)
                .setParameter(1, user.id())
                .setParameter(2, maxFailures)
                .setParameter(3, now)
                .setParameter(4, FIRST_LOCK_SECONDS)
                .setParameter(5, LONGEST_LOCK_SECONDS)
                .getResultList();
        failed(user.tenantId(), Optional.of(user.id()), clientId, SignInFailure.WRONG_PASSWORD);
        // locked_until is NULL for a user never locked: no findFirst() (it refuses null elements)
        Optional<Instant> lockedUntil = (locked.isEmpty() ? Optional.<Instant>empty() : Optional.ofNullable(Rows.instant(locked.get(0))))
                .filter(until -> until.isAfter(now));
        lockedUntil.ifPresent(until -> events.fire(new SignInEvent.Locked(user.tenantId(), user.id(), until)));
    }

    /** A refusal that changes nothing but is published (unknown user, locked, disabled, no password). */
    @Transactional
    public void refused(UUID tenantId, Optional<UUID> userId, String clientId, SignInFailure failure) {
        failed(tenantId, userId, clientId, failure);
    }

    /**
     * The right password: a new session, the failure count started again, and a hash of an older
     * format or cost replaced (only if no one changed it meanwhile) — one transaction.
     */
    @Transactional
    public Sessions.Started succeeded(Candidate user, Optional<String> rehash, String clientId) {
        entityManager.createNativeQuery(
                        "UPDATE {h-schema}users SET failed_logins = 0, lockouts = 0 WHERE id = ?1 AND (failed_logins <> 0 OR lockouts <> 0)")
                .setParameter(1, user.id())
                .executeUpdate();
        rehash.ifPresent(hash -> entityManager.createNativeQuery(
                        "UPDATE {h-schema}users SET password_hash = ?2 WHERE id = ?1 AND password_hash = ?3")
                .setParameter(1, user.id())
                .setParameter(2, hash)
                .setParameter(3, user.passwordHash().orElse(""))
                .executeUpdate());
        Sessions.Started started = sessions.start(user.tenantId(), user.id());
        events.fire(new SignInEvent.SignedIn(user.tenantId(), user.id(), clientId, started.session().id(), "password"));
        return started;
    }

    private void failed(UUID tenantId, Optional<UUID> userId, String clientId, SignInFailure failure) {
        // never the password, and not the username typed for an unknown user (people type passwords there)
        events.fire(new SignInEvent.Failed(tenantId, userId, clientId, failure.reason()));
    }
}
