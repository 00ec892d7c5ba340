package com.orbusdigital.oid.factor.recovery;

import com.orbusdigital.oid.event.FactorChange;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.persistence.Transactional;
import com.orbusdigital.oid.user.signin.SignInAttempts;
import com.orbusdigital.oid.user.signin.SignInFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A user's recovery codes: a new set (the previous one gone, in one transaction), and signing in
 * with one, which spends it atomically and is announced ({@code oid.user.recovery_code_used}: a
 * lost device, or a stolen code). A wrong code counts towards the lockout as a wrong password does.
 */
@ApplicationScoped
public class RecoveryCodeService {

    private RecoveryCodeStore store;
    private SignInAttempts attempts;
    private Event<IdentityEvent> events;
    private Clock clock;

    protected RecoveryCodeService() {
        // for the CDI proxy
    }

    @Inject
    public RecoveryCodeService(RecoveryCodeStore store, SignInAttempts attempts, Event<IdentityEvent> events, Clock clock) {
        this.store = store;
        this.attempts = attempts;
        this.events = events;
        this.clock = clock;
    }

    /** A new set for the user, replacing any earlier one: the codes, to be shown once. */
    @Transactional
    public List<String> generate(UUID tenantId, UUID userId) {
        List<String> codes = RecoveryCodes.generate();
        store.replace(tenantId, userId, codes.stream().map(code -> RecoveryCodes.hash(RecoveryCodes.normalise(code).orElseThrow())).toList(),
                clock.instant());
        events.fire(new FactorChange.RecoveryCodesGenerated(tenantId, userId, codes.size()));
        return codes;
    }

    /**
     * Whether {@code typed} is one of the user's unused codes; it is spent then. A wrong one (or one
     * spent before) is counted ({@link SignInFailure#WRONG_CODE}); a locked account's are not checked.
     */
    @Transactional
    public boolean use(UUID tenantId, UUID userId, String clientId, String typed) {
        Instant now = clock.instant();
        if (attempts.isLocked(userId, now)) {
            return false;
        }
        Optional<String> code = RecoveryCodes.normalise(typed);
        if (code.isPresent() && store.spend(tenantId, userId, RecoveryCodes.hash(code.get()), now)) {
            events.fire(new FactorChange.RecoveryCodeUsed(tenantId, userId, clientId, store.remaining(userId)));
            return true;
        }
        attempts.wrongFactor(tenantId, userId, clientId, now, SignInFailure.WRONG_CODE);
        return false;
    }
}
