package com.orbusdigital.oid.user.signin;

import com.orbusdigital.oid.password.PasswordHasher;
import com.orbusdigital.oid.user.Passwords;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Signs a user of a tenant in with a username (or email address) and password. Every path costs
 * one password hash — an unknown user verifies a dummy hash, a locked account its real one — so
 * timing tells nothing about which usernames exist. A locked account answers exactly as a wrong
 * password does, whatever the password: a lock told to anyone would reveal that the account exists,
 * and a lock told only to the right password would let anyone keep guessing through the lock
 * (attempts during it are not counted) and recognise the right password by the answer. Events keep
 * the true reason. A disabled user learns so only after giving the right password. No database
 * connection is held while hashing. The right password stores nothing yet: the sign-in may need
 * another factor, and the failure count starts again only when it is complete (else anyone who
 * knows the password could reset the count between guesses of the second factor).
 */
@ApplicationScoped
public class PasswordSignIn {

    /** The outcome: the right password (nothing stored yet), or why not. */
    public sealed interface Result {
        /**
         * @param rehash the password hashed anew, when its hash is of an older format or cost: for
         *               {@link SignInAttempts#completed} or {@link SignInAttempts#passwordAccepted}
         */
        record Verified(SignInAttempts.Candidate user, Optional<SignInAttempts.Rehash> rehash, Instant at) implements Result {
            @Override
            public String toString() {
                return "Verified[" + user + "]";
            }
        }

        /** @param failure the true reason, as events publish it; the person is told less (see {@link SignInFailure}) */
        record Refused(SignInFailure failure) implements Result {}
    }

    /** Longer input is refused before any lookup: no username is that long, no password hash takes more. */
    public static final int MAX_LOGIN_LENGTH = 320;

    private SignInAttempts attempts;
    private PasswordHasher hasher;
    private Clock clock;

    protected PasswordSignIn() {
        // for the CDI proxy
    }

    @Inject
    public PasswordSignIn(SignInAttempts attempts, Passwords passwords, Clock clock) {
        this.attempts = attempts;
        this.hasher = passwords.hasher();
        this.clock = clock;
    }

    public Result signIn(UUID tenantId, String login, String password, String clientId) {
        Optional<SignInAttempts.Candidate> found = login.length() > MAX_LOGIN_LENGTH
                ? Optional.empty() : attempts.find(tenantId, login.strip());
        if (found.isEmpty()) {
            hasher.verifyDummy(password);
            return refuse(tenantId, Optional.empty(), clientId, SignInFailure.UNKNOWN_USER);
        }
        SignInAttempts.Candidate user = found.get();
        if (user.passwordHash().isEmpty()) {
            hasher.verifyDummy(password);
            return refuse(tenantId, Optional.of(user.id()), clientId, SignInFailure.NO_PASSWORD);
        }
        PasswordHasher.Verification verification = hasher.verify(password, user.passwordHash().get());
        Instant now = clock.instant();
        if (user.lockedUntil().filter(now::isBefore).isPresent()) {
            // right or wrong, not counted: the count starts again when the lock ends
            return refuse(tenantId, Optional.of(user.id()), clientId, SignInFailure.LOCKED);
        }
        if (!verification.matches()) {
            attempts.wrongPassword(user, clientId, now);
            return new Result.Refused(SignInFailure.WRONG_PASSWORD);
        }
        if (!user.enabled()) {
            return refuse(tenantId, Optional.of(user.id()), clientId, SignInFailure.DISABLED);
        }
        Optional<SignInAttempts.Rehash> rehash = verification.needsRehash()
                ? Optional.of(new SignInAttempts.Rehash(user.id(), user.passwordHash().get(), hasher.hash(password))) : Optional.empty();
        return new Result.Verified(user, rehash, now);
    }

    private Result refuse(UUID tenantId, Optional<UUID> userId, String clientId, SignInFailure failure) {
        attempts.refused(tenantId, userId, clientId, failure);
        return new Result.Refused(failure);
    }
}
