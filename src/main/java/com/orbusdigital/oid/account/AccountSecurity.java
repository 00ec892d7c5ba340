package com.orbusdigital.oid.account;

import com.orbusdigital.oid.admin.IfMatch;
import com.orbusdigital.oid.client.ConsoleClients;
import com.orbusdigital.oid.event.FactorChange;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.factor.UserFactors;
import com.orbusdigital.oid.factor.otp.OneTimeCodeService;
import com.orbusdigital.oid.factor.passkey.Passkeys;
import com.orbusdigital.oid.factor.recovery.RecoveryCodeService;
import com.orbusdigital.oid.event.SignInEvent;
import com.orbusdigital.oid.password.PasswordHasher;
import com.orbusdigital.oid.password.PasswordPolicy;
import com.orbusdigital.oid.persistence.Rows;
import com.orbusdigital.oid.protocol.Assurance;
import com.orbusdigital.oid.persistence.Transactional;
import com.orbusdigital.oid.session.PendingSignIn;
import com.orbusdigital.oid.session.PendingSignIns;
import com.orbusdigital.oid.session.Sessions;
import com.orbusdigital.oid.session.SignInSession;
import com.orbusdigital.oid.session.backchannel.BackChannelLogouts;
import com.orbusdigital.oid.tenant.MfaPolicy;
import com.orbusdigital.oid.tenant.Tenant;
import com.orbusdigital.oid.tenant.TenantRepository;
import com.orbusdigital.oid.token.RefreshTokens;
import com.orbusdigital.oid.user.Passwords;
import com.orbusdigital.oid.user.User;
import com.orbusdigital.oid.user.UserRepository;
import com.orbusdigital.oid.user.UserService;
import com.orbusdigital.oid.user.signin.SignInAttempts;
import com.orbusdigital.oid.user.signin.SignInFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What a signed-in user may do to their own account's security: read who they are and their
 * sessions, change their password, end their other sessions. Each change needs a recent sign-in
 * ({@link #RECENT}); the resource sends an older session to sign in again first.
 */
@ApplicationScoped
public class AccountSecurity {

    /** How recent the last sign-in of a session must be for it to change the account's security. */
    public static final Duration RECENT = Duration.ofMinutes(5);

    /** The user of a session, with their tenant. */
    public record Holder(SignInSession session, Tenant tenant, User user) {}

    /** What changing the password came to. */
    public sealed interface PasswordChange {
        /** Changed (the caller then ends the user's other sessions, {@link #endOthers}). */
        record Changed() implements PasswordChange {}

        /** The current password was not right (or the account is locked: said the same way). */
        record WrongCurrent() implements PasswordChange {}

        /** The new password breaks these rules. */
        record Refused(List<PasswordPolicy.Rule> rules) implements PasswordChange {}

        /** The new password and its confirmation differ. */
        record Mismatch() implements PasswordChange {}
    }

    private Sessions sessions;
    private TenantRepository tenants;
    private UserRepository users;
    private UserService userService;
    private Passwords passwords;
    private SignInAttempts attempts;
    private RefreshTokens refreshTokens;
    private Event<IdentityEvent> events;
    private Clock clock;
    private BackChannelLogouts backChannel;
    private UserFactors userFactors;
    private Rows rows;
    private OneTimeCodeService oneTimeCodes;
    private RecoveryCodeService recoveryCodes;
    private PendingSignIns pendingSignIns;
    private Passkeys passkeys;

    protected AccountSecurity() {
        // for the CDI proxy
    }

    @Inject
    public AccountSecurity(Sessions sessions, TenantRepository tenants, UserRepository users, UserService userService, Passwords passwords,
                           SignInAttempts attempts, RefreshTokens refreshTokens, Event<IdentityEvent> events, Clock clock,
                           UserFactors userFactors, Rows rows, OneTimeCodeService oneTimeCodes, RecoveryCodeService recoveryCodes,
                           PendingSignIns pendingSignIns, Passkeys passkeys, BackChannelLogouts backChannel) {
        this.backChannel = backChannel;
        this.pendingSignIns = pendingSignIns;
        this.passkeys = passkeys;
        this.oneTimeCodes = oneTimeCodes;
        this.recoveryCodes = recoveryCodes;
        this.userFactors = userFactors;
        this.rows = rows;
        this.sessions = sessions;
        this.tenants = tenants;
        this.users = users;
        this.userService = userService;
        this.passwords = passwords;
        this.attempts = attempts;
        this.refreshTokens = refreshTokens;
        this.events = events;
        this.clock = clock;
    }

    /** The live session the cookie names, its tenant and user; empty when it ended or the user is gone or disabled. */
    @Transactional
    public Optional<Holder> holder(String sessionCookie) {
        return sessions.resume(sessionCookie).flatMap(session -> tenants.find(session.tenantId()).filter(Tenant::enabled)
                .flatMap(tenant -> users.find(tenant.id(), session.userId()).filter(User::enabled)
                        .map(user -> new Holder(session, tenant, user))));
    }

    /** The tenant whose account pages a browser without a session asks for. */
    @Transactional
    public Optional<Tenant> tenant(String slug) {
        return tenants.findBySlug(slug).filter(Tenant::enabled);
    }

    /** Whether the session's last sign-in is recent enough to change the account's security. */
    public boolean isRecent(SignInSession session) {
        return !session.authTime().plus(RECENT).isBefore(clock.instant());
    }

    /** What removing a factor came to. */
    public enum Removal { REMOVED, NOT_FOUND, LAST_REQUIRED }

    private static final String LOCK_USER = "SELECT id FROM {schema}.users WHERE id = :id FOR UPDATE";

    /** Everything the user has set up beyond a password (never a secret). */
    @Transactional
    public UserFactors.Factors factors(Holder holder) {
        return userFactors.of(holder.tenant().id(), holder.user().id());
    }

    /**
     * Removes a passkey ({@code passkeyId}) or the authenticator app (empty), unless it is the last
     * second factor of a user whose tenant requires one. The user's row is locked meanwhile, so two
     * removals at once cannot both pass the check.
     */
    @Transactional
    public Removal remove(Holder holder, Optional<UUID> passkeyId) {
        UUID tenantId = holder.tenant().id();
        UUID userId = holder.user().id();
        rows.query(LOCK_USER).set("id", userId).optional(row -> true);
        UserFactors.Factors factors = userFactors.of(tenantId, userId);
        boolean exists = passkeyId.map(id -> factors.passkeys().stream().anyMatch(p -> p.id().equals(id))).orElse(factors.totp().isPresent());
        if (!exists) {
            return Removal.NOT_FOUND;
        }
        int secondFactors = factors.passkeys().size() + (factors.totp().isPresent() ? 1 : 0);
        if (holder.tenant().mfaPolicy() == MfaPolicy.REQUIRED && secondFactors <= 1) {
            return Removal.LAST_REQUIRED;
        }
        boolean removed = passkeyId.map(id -> userFactors.removePasskey(tenantId, userId, id, FactorChange.Actor.USER))
                .orElseGet(() -> userFactors.removeTotp(tenantId, userId, FactorChange.Actor.USER));
        return removed ? Removal.REMOVED : Removal.NOT_FOUND;
    }

    /** Renames one of the user's passkeys; false when they have none with that id. */
    @Transactional
    public boolean renamePasskey(Holder holder, UUID passkeyId, String name) {
        return userFactors.renamePasskey(holder.tenant().id(), holder.user().id(), passkeyId, name);
    }

    /** How long an authenticator app being set up on this page waits for its first code. */
    static final Duration SETUP_WINDOW = Duration.ofMinutes(10);

    /** An authenticator app to set up (the one begun in the last few minutes, or a new one); empty when one is set up already. */
    public Optional<OneTimeCodeService.Enrolment> startTotp(Holder holder) {
        return oneTimeCodes.enrolment(holder.tenant().id(), holder.user().id(), clock.instant().minus(SETUP_WINDOW));
    }

    /**
     * Confirms the app being set up with its first code; the user's first recovery codes when they
     * had none (to show once), or none.
     */
    public Optional<List<String>> confirmTotp(Holder holder, String code) {
        UUID tenantId = holder.tenant().id();
        UUID userId = holder.user().id();
        if (!oneTimeCodes.confirm(tenantId, userId, code, clock.instant().minus(SETUP_WINDOW))) {
            return Optional.empty();
        }
        boolean hasCodes = userFactors.of(tenantId, userId).recoveryCodes().filter(codes -> codes.remaining() > 0).isPresent();
        return Optional.of(hasCodes ? List.of() : recoveryCodes.generate(tenantId, userId));
    }

    /** A new set of recovery codes replacing the old, for a user who has a second factor; empty otherwise. */
    public List<String> newRecoveryCodes(Holder holder) {
        UserFactors.Factors factors = userFactors.of(holder.tenant().id(), holder.user().id());
        if (factors.totp().isEmpty() && factors.passkeys().isEmpty()) {
            return List.of();
        }
        return recoveryCodes.generate(holder.tenant().id(), holder.user().id());
    }

    /** A passkey about to be created on the page: the options for the browser, and the cookie naming the challenge's holder. */
    public record PasskeyCreation(String options, String cookieValue) {
        @Override
        public String toString() {
            return "PasskeyCreation[…]";
        }
    }

    /**
     * Options to create a passkey for the user; their challenge is kept on a pending sign-in of this
     * session (ten minutes, single use), which the browser names with its sign-in cookie.
     */
    public PasskeyCreation startPasskey(Holder holder) {
        PendingSignIns.Started started = pendingSignIns.start(holder.tenant().id(), Optional.of(holder.user().id()),
                Optional.of(holder.session().id()), holder.session().proofs());
        return new PasskeyCreation(passkeys.creationOptions(started.pending(), holder.user().id()), started.cookieValue());
    }

    /**
     * The passkey the browser created against the challenge of {@link #startPasskey}: only for the
     * pending sign-in of this very session and user; stored and announced, or refused (false).
     */
    public boolean registerPasskey(Holder holder, String signInCookie, String credential, String name) {
        Optional<PendingSignIn> pending = pendingSignIns.find(signInCookie)
                .filter(found -> found.userId().equals(Optional.of(holder.user().id()))
                        && found.sessionId().equals(Optional.of(holder.session().id())));
        if (pending.isEmpty()) {
            return false;
        }
        boolean registered = passkeys.register(pending.get(), credential, name).isPresent();
        pendingSignIns.end(pending.get().id());
        return registered;
    }

    /**
     * Whether the session proved as much as the user can: two factors when the user has any beyond
     * the password (else the password is all there is). Changes need it, whatever the tenant's
     * policy, so that a stolen password alone never changes a factor, the password or the sessions.
     */
    @Transactional
    public boolean isStrongEnough(Holder holder) {
        UserFactors.Factors factors = userFactors.of(holder.tenant().id(), holder.user().id());
        boolean hasMore = !factors.passkeys().isEmpty() || factors.totp().isPresent()
                || factors.recoveryCodes().filter(codes -> codes.remaining() > 0).isPresent();
        return !hasMore || holder.session().proofs().assurance().satisfies(Assurance.MULTI_FACTOR);
    }

    /** The user's live sessions. */
    @Transactional
    public List<Sessions.Listed> sessions(UUID userId) {
        return sessions.ofUser(userId);
    }

    /**
     * Changes the password: the current one verified first (no connection held while hashing; a
     * wrong one counts towards the lock as at sign-in), the new one checked against the policy, then
     * stored. Not one transaction: the hash is computed with no connection held.
     */
    public PasswordChange changePassword(Holder holder, String current, String next, String confirmation) {
        User user = holder.user();
        PasswordHasher hasher = passwords.hasher();
        Instant now = clock.instant();
        boolean matches = user.passwordHash().map(hash -> hasher.verify(current, hash).matches()).orElseGet(() -> {
            hasher.verifyDummy(current);
            return false;
        });
        String clientId = ConsoleClients.clientId(holder.tenant().slug());
        if (attempts.isLocked(user.id(), now)) {
            return new PasswordChange.WrongCurrent();
        }
        if (!matches) {
            attempts.wrongFactor(user.tenantId(), user.id(), clientId, now, SignInFailure.WRONG_PASSWORD);
            return new PasswordChange.WrongCurrent();
        }
        if (!next.equals(confirmation)) {
            return new PasswordChange.Mismatch();
        }
        List<PasswordPolicy.Rule> broken = passwords.violations(next, user.username(), user.email().orElse(null)).stream()
                .map(PasswordPolicy.Violation::rule).toList();
        if (!broken.isEmpty()) {
            return new PasswordChange.Refused(broken);
        }
        userService.setPassword(user, IfMatch.NONE, next);
        return new PasswordChange.Changed();
    }

    /** Ends every other session of the user, as a sign-out there would; how many. */
    @Transactional
    public int endOthers(Holder holder) {
        int ended = 0;
        Instant now = clock.instant();
        String clientId = ConsoleClients.clientId(holder.tenant().slug());
        for (Sessions.Listed listed : sessions.ofUser(holder.user().id())) {
            UUID id = listed.session().id();
            if (id.equals(holder.session().id())) {
                continue;
            }
            Optional<SignInSession> gone = sessions.endById(id);
            if (gone.isPresent()) {
                backChannel.sessionsEnded(List.of(gone.get())); // issue 18: its applications are told
                int revoked = refreshTokens.revokeForLogout(id, now);
                events.fire(new SignInEvent.SignedOut(gone.get().tenantId(), gone.get().userId(), id, Optional.of(clientId), revoked));
                ended++;
            }
        }
        return ended;
    }
}
