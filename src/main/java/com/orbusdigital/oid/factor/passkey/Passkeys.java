package com.orbusdigital.oid.factor.passkey;

import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.crypto.RandomValues;
import com.orbusdigital.oid.crypto.SignatureProvider;
import com.orbusdigital.oid.event.FactorChange;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.persistence.Transactional;
import com.orbusdigital.oid.protocol.Factor;
import com.orbusdigital.oid.session.PendingSignIn;
import com.orbusdigital.oid.session.PendingSignIns;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passkeys during a sign-in: the options a page hands to the browser (each with a fresh 32-byte
 * challenge, remembered on the pending sign-in), and the responses the page posts back, checked
 * against that challenge, which is consumed whatever the outcome (a response is good once). A
 * refusal stores nothing but the challenge's consumption and, when the user was already known
 * (a second factor), the failure counted towards the lock.
 */
@ApplicationScoped
public class Passkeys {

    private static final Logger LOG = LoggerFactory.getLogger(Passkeys.class);
    /** The longest name a user may give a passkey (longer is cut). */
    static final int MAX_NAME_LENGTH = 64;

    /** What checking an assertion came to. */
    public sealed interface SignedIn {
        /** {@code userId} proved {@code factors}. */
        record Verified(UUID userId, List<Factor> factors) implements SignedIn {}

        /** Not accepted; nothing to tell the person but that. */
        record Refused() implements SignedIn {}
    }

    private PasskeyStore store;
    private PendingSignIns pendingSignIns;
    private SignInAttempts attempts;
    private Event<IdentityEvent> events;
    private Clock clock;
    private PasskeyRelyingParty relyingParty;
    private PasskeyVerifier verifier;

    protected Passkeys() {
        // for the CDI proxy
    }

    @Inject
    public Passkeys(PasskeyStore store, PendingSignIns pendingSignIns, SignInAttempts attempts, Event<IdentityEvent> events, Clock clock,
                    OidConfig config, SignatureProvider signatureProvider) {
        this.store = store;
        this.pendingSignIns = pendingSignIns;
        this.attempts = attempts;
        this.events = events;
        this.clock = clock;
        this.relyingParty = PasskeyRelyingParty.of(config);
        this.verifier = new PasskeyVerifier(relyingParty, signatureProvider.provider());
    }

    /** Options to create a passkey for {@code userId}, whose challenge the pending sign-in remembers. */
    public String creationOptions(PendingSignIn pending, UUID userId) {
        PasskeyStore.Holder holder = store.holder(userId).orElseThrow(() -> new IllegalStateException("no user " + userId));
        return PasskeyOptions.creation(relyingParty, relyingParty.id(), challenge(pending), userId, holder.username(),
                holder.name().filter(name -> !name.isBlank()).orElse(holder.username()), store.of(userId));
    }

    /**
     * Options to assert a passkey: one of {@code userId}'s (user verification preferred: the password
     * came first), or, for no one yet, any of this RP's (user verification required: the passkey is
     * the whole sign-in).
     */
    public String requestOptions(PendingSignIn pending, Optional<UUID> userId) {
        return PasskeyOptions.request(relyingParty, challenge(pending), userId.map(store::of).orElse(List.of()), userId.isEmpty());
    }

    private byte[] challenge(PendingSignIn pending) {
        byte[] challenge = RandomValues.bytes(32);
        pendingSignIns.challenge(pending.id(), challenge);
        return challenge;
    }

    /**
     * A passkey created for the pending sign-in's user: checked against the challenge the page was
     * given, stored under {@code name}, announced; the factors it proved, or empty when refused.
     */
    @Transactional
    public Optional<List<Factor>> register(PendingSignIn pending, String json, String name) {
        UUID userId = pending.userId().orElseThrow(() -> new IllegalStateException("a passkey for no one"));
        Optional<byte[]> challenge = pendingSignIns.takeChallenge(pending.id());
        if (challenge.isEmpty()) {
            return refusedRegistration("no challenge (used already, or never shown)");
        }
        PasskeyVerifier.Registration registration;
        try {
            registration = verifier.register(json, challenge.get(), false);
        } catch (PasskeyVerifier.Refused refused) {
            return refusedRegistration(refused.getMessage());
        }
        UUID id = UUID.randomUUID();
        String named = name(name);
        if (!store.add(id, pending.tenantId(), userId, registration, named, clock.instant())) {
            return refusedRegistration("the credential is registered already");
        }
        events.fire(new FactorChange.PasskeyRegistered(pending.tenantId(), userId, id, named, registration.backupEligible()));
        return Optional.of(Factor.ofPasskey(registration.backupEligible(), registration.userVerified()));
    }

    /**
     * An assertion for the pending sign-in: by a passkey of its user when it has one (a second
     * factor, counted as a wrong factor when refused), or else by any passkey of the tenant whose
     * user may sign in, with the user verified (a sign-in without a username: nobody to count a
     * failure against).
     */
    @Transactional
    public SignedIn authenticate(PendingSignIn pending, String json, String clientId) {
        Instant now = clock.instant();
        Optional<UUID> known = pending.userId();
        // taken with the pending sign-in when its request was read that way; else taken now
        Optional<byte[]> challenge = pending.taken().map(PendingSignIn.TakenChallenge::value)
                .orElseGet(() -> pendingSignIns.takeChallenge(pending.id()));
        if (known.isPresent() && attempts.isLocked(known.get(), now)) {
            return new SignedIn.Refused();
        }
        Optional<String> refusal = Optional.empty();
        SignedIn outcome = new SignedIn.Refused();
        try {
            if (challenge.isEmpty()) {
                throw new PasskeyVerifier.Refused("no challenge (used already, or never shown)");
            }
            PasskeyVerifier.Parsed parsed = verifier.parse(json);
            StoredPasskey stored = store.find(pending.tenantId(), parsed.credentialId())
                    .orElseThrow(() -> new PasskeyVerifier.Refused("no such passkey in the tenant"));
            if (known.isPresent() && !known.get().equals(stored.userId())) {
                throw new PasskeyVerifier.Refused("a passkey of another user");
            }
            if (!stored.userMaySignIn(now)) {
                throw new PasskeyVerifier.Refused("the user is disabled or locked");
            }
            PasskeyVerifier.Assertion assertion = verifier.authenticate(parsed, challenge.get(), stored, known.isEmpty());
            if (!store.used(stored.id(), assertion, now)) {
                throw new PasskeyVerifier.Refused("the signature counter was used meanwhile");
            }
            outcome = new SignedIn.Verified(stored.userId(), Factor.ofPasskey(stored.backupEligible(), assertion.userVerified()));
        } catch (PasskeyVerifier.Refused refused) {
            refusal = Optional.of(refused.getMessage());
        }
        if (refusal.isPresent()) {
            LOG.info("A passkey assertion was refused: {}", refusal.get());
            known.ifPresent(userId -> attempts.wrongFactor(pending.tenantId(), userId, clientId, now, SignInFailure.WRONG_PASSKEY));
        }
        return outcome;
    }

    private static Optional<List<Factor>> refusedRegistration(String reason) {
        LOG.info("A passkey registration was refused: {}", reason);
        return Optional.empty();
    }

    /** What the user typed, or "Passkey"; no control characters, not too long. */
    static String name(String typed) {
        String name = typed == null ? "" : typed.replaceAll("\\p{Cntrl}", " ").strip();
        if (name.length() > MAX_NAME_LENGTH) {
            name = name.substring(0, MAX_NAME_LENGTH).strip();
        }
        return name.isEmpty() ? "Passkey" : name;
    }
}
