package com.orbusdigital.oid.factor.passkey;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.orbusdigital.oid.config.ConfigSource;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.crypto.SignatureProvider;
import com.orbusdigital.oid.event.FactorChange;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.protocol.Factor;
import com.orbusdigital.oid.protocol.Proofs;
import com.orbusdigital.oid.session.PendingSignIn;
import com.orbusdigital.oid.session.PendingSignIns;
import com.orbusdigital.oid.testing.FiredEvents;
import com.orbusdigital.oid.testing.SoftwareAuthenticator;
import com.orbusdigital.oid.user.signin.SignInAttempts;
import com.orbusdigital.oid.user.signin.SignInFailure;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Passkey ceremonies against a software authenticator, with the tables faked in memory: what is
 * accepted, and every way a response is refused with nothing stored (no passkey, no counter moved,
 * no event) — but the challenge consumed and, for a user already known, the failure counted.
 */
class PasskeysTest {

    private static final String ISSUER = "https://id.example.com";
    private static final String RP_ID = "id.example.com";
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final UUID TENANT = UUID.randomUUID();
    private static final UUID USER = UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakePendingSignIns pendingSignIns = new FakePendingSignIns();
    private final FakeStore store = new FakeStore();
    private final FakeAttempts attempts = new FakeAttempts();
    private final FiredEvents<IdentityEvent> events = new FiredEvents<>();
    private Passkeys passkeys;
    private SoftwareAuthenticator authenticator;
    private PendingSignIn afterPassword;

    @BeforeEach
    void setUp() {
        passkeys = new Passkeys(store, pendingSignIns, attempts, events, CLOCK, config(Map.of()), new SignatureProvider());
        authenticator = new SoftwareAuthenticator();
        afterPassword = pending(Optional.of(USER), Proofs.of(Factor.PASSWORD, NOW));
    }

    @Test
    void registerWhenTheResponseAnswersTheChallengeThenStoresThePasskeyAndAnnouncesIt() throws Exception {
        String options = passkeys.creationOptions(afterPassword, USER);

        Optional<List<Factor>> factors = passkeys.register(afterPassword,
                authenticator.register(RP_ID, ISSUER, challenge(options), (byte) (SoftwareAuthenticator.UP | SoftwareAuthenticator.UV)),
                " My laptop\n");

        assertThat(factors).contains(List.of(Factor.PASSKEY, Factor.USER_VERIFICATION));
        assertThat(store.stored).hasSize(1);
        StoredPasskey stored = store.stored.get(0);
        assertThat(stored.userId()).isEqualTo(USER);
        assertThat(stored.credentialId()).isEqualTo(authenticator.credentialId());
        assertThat(store.names).containsExactly("My laptop");
        assertThat(events.fired()).singleElement().isInstanceOfSatisfying(FactorChange.PasskeyRegistered.class, registered -> {
            assertThat(registered.userId()).isEqualTo(USER);
            assertThat(registered.passkeyId()).isEqualTo(stored.id());
            assertThat(registered.name()).isEqualTo("My laptop");
        });
        JsonNode creation = JSON.readTree(options);
        assertThat(creation.path("user").path("id").asText())
                .isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(SoftwareAuthenticator.userHandle(USER)));
        assertThat(creation.path("authenticatorSelection").path("residentKey").asText()).isEqualTo("required");
        assertThat(creation.path("attestation").asText()).isEqualTo("none");
        assertThat(creation.path("rp").path("id").asText()).isEqualTo(RP_ID);
    }

    @Test
    void creationOptionsExcludeTheUsersPasskeys() throws Exception {
        registered();

        JsonNode creation = JSON.readTree(passkeys.creationOptions(afterPassword, USER));

        assertThat(creation.path("excludeCredentials").get(0).path("id").asText()).isEqualTo(authenticator.credentialIdBase64url());
    }

    @Test
    void registerWhenTheChallengeIsAnotherThenRefusedWithNothingStored() {
        passkeys.creationOptions(afterPassword, USER);

        Optional<List<Factor>> factors = passkeys.register(afterPassword,
                authenticator.register(RP_ID, ISSUER, base64url(new byte[32]), SoftwareAuthenticator.UP), "x");

        assertThat(factors).isEmpty();
        assertThat(store.stored).isEmpty();
        assertThat(events.fired()).isEmpty();
    }

    @Test
    void registerWhenTheCborIsMalformedThenRefusedWithNothingStored() {
        passkeys.creationOptions(afterPassword, USER);
        String garbage = "{\"id\":\"AAAA\",\"rawId\":\"AAAA\",\"type\":\"public-key\",\"response\":{\"clientDataJSON\":\"e30\","
                + "\"attestationObject\":\"_____w\"},\"clientExtensionResults\":{}}";

        assertThat(passkeys.register(afterPassword, garbage, "x")).isEmpty();
        assertThat(passkeys.register(afterPassword, "not json", "x")).isEmpty();
        assertThat(store.stored).isEmpty();
        assertThat(events.fired()).isEmpty();
    }

    @Test
    void authenticateWhenPasswordlessAndValidThenTheUserWithKeyAndVerification() {
        registered();
        PendingSignIn passwordless = pending(Optional.empty(), Proofs.NONE);
        String options = passkeys.requestOptions(passwordless, Optional.empty());

        Passkeys.SignedIn outcome = passkeys.authenticate(passwordless, authenticator.authenticate(RP_ID, ISSUER, challenge(options),
                (byte) (SoftwareAuthenticator.UP | SoftwareAuthenticator.UV), Optional.of(SoftwareAuthenticator.userHandle(USER))), "app");

        assertThat(outcome).isEqualTo(new Passkeys.SignedIn.Verified(USER, List.of(Factor.PASSKEY, Factor.USER_VERIFICATION)));
        assertThat(store.stored.get(0).signCount()).isEqualTo(authenticator.counter());
        assertThat(options).contains("\"userVerification\":\"required\"").contains("\"allowCredentials\":[]");
    }

    @Test
    void authenticateWhenTheChallengeWasTakenWithThePendingSignInThenUsesThatOneOnly() {
        registered();
        byte flags = (byte) (SoftwareAuthenticator.UP | SoftwareAuthenticator.UV);
        Optional<byte[]> handle = Optional.of(SoftwareAuthenticator.userHandle(USER));
        PendingSignIn shown = pending(Optional.empty(), Proofs.NONE);
        String options = passkeys.requestOptions(shown, Optional.empty());
        // as PendingSignIns.findTakingChallenge reads it: the challenge leaves the row with the sign-in
        PendingSignIn read = taken(shown, Optional.of(pendingSignIns.challenges.remove(shown.id())));

        assertThat(passkeys.authenticate(read, authenticator.authenticate(RP_ID, ISSUER, challenge(options), flags, handle), "app"))
                .isEqualTo(new Passkeys.SignedIn.Verified(USER, List.of(Factor.PASSKEY, Factor.USER_VERIFICATION)));

        // read when the row had no challenge left (a concurrent request took it): refused, whatever the row holds by now
        String again = passkeys.requestOptions(shown, Optional.empty());
        assertThat(passkeys.authenticate(taken(shown, Optional.empty()), authenticator.authenticate(RP_ID, ISSUER, challenge(again), flags, handle),
                "app")).isInstanceOf(Passkeys.SignedIn.Refused.class);
        assertThat(pendingSignIns.challenges).as("no second take of a challenge by a request that read its pending sign-in taking one")
                .containsKey(shown.id());
    }

    private static PendingSignIn taken(PendingSignIn pending, Optional<byte[]> challenge) {
        return new PendingSignIn(pending.id(), pending.tenantId(), pending.userId(), pending.sessionId(), pending.proofs(), pending.enrolled(),
                Optional.of(new PendingSignIn.TakenChallenge(challenge)), pending.expiresAt());
    }

    @Test
    void authenticateWhenSecondFactorThenAllowsTheUsersPasskeysAndPrefersVerification() throws Exception {
        registered();
        String options = passkeys.requestOptions(afterPassword, Optional.of(USER));

        Passkeys.SignedIn outcome = passkeys.authenticate(afterPassword,
                authenticator.authenticate(RP_ID, ISSUER, challenge(options), SoftwareAuthenticator.UP, Optional.empty()), "app");

        assertThat(outcome).isEqualTo(new Passkeys.SignedIn.Verified(USER, List.of(Factor.PASSKEY)));
        JsonNode request = JSON.readTree(options);
        assertThat(request.path("userVerification").asText()).isEqualTo("preferred");
        assertThat(request.path("allowCredentials").get(0).path("id").asText()).isEqualTo(authenticator.credentialIdBase64url());
    }

    @Test
    void authenticateWhenTheSignatureIsByAnotherKeyThenRefused() {
        assertRefusedAfterPassword(challenge -> authenticator.assertion(SoftwareAuthenticator.rpIdHash(RP_ID),
                SoftwareAuthenticator.clientData("webauthn.get", challenge, ISSUER), SoftwareAuthenticator.UP, Optional.empty(),
                Optional.of(SoftwareAuthenticator.otherKey())));
    }

    @Test
    void authenticateWhenTheChallengeIsAnotherThenRefused() {
        assertRefusedAfterPassword(challenge -> authenticator.authenticate(RP_ID, ISSUER, base64url(new byte[32]), SoftwareAuthenticator.UP,
                Optional.empty()));
    }

    @Test
    void authenticateWhenTheOriginIsAnotherThenRefused() {
        assertRefusedAfterPassword(challenge -> authenticator.authenticate(RP_ID, "https://id.example.com.evil.test", challenge,
                SoftwareAuthenticator.UP, Optional.empty()));
    }

    @Test
    void authenticateWhenTheRpIdHashIsAnotherThenRefused() {
        assertRefusedAfterPassword(challenge -> authenticator.authenticate("example.com", ISSUER, challenge, SoftwareAuthenticator.UP,
                Optional.empty()));
    }

    @Test
    void authenticateWhenTheClientDataIsOfARegistrationThenRefused() {
        assertRefusedAfterPassword(challenge -> authenticator.assertion(SoftwareAuthenticator.rpIdHash(RP_ID),
                SoftwareAuthenticator.clientData("webauthn.create", challenge, ISSUER), SoftwareAuthenticator.UP, Optional.empty(),
                Optional.empty()));
    }

    @Test
    void authenticateWhenTheCounterWentBackwardsThenRefused() {
        registered();
        store.counter(50);
        authenticator.counter(40);
        assertRefusedAfterPassword(challenge -> authenticator.authenticate(RP_ID, ISSUER, challenge, SoftwareAuthenticator.UP,
                Optional.empty()));
        assertThat(store.stored.get(0).signCount()).isEqualTo(50);
    }

    @Test
    void authenticateWhenTheCounterIsZeroThenAcceptedAsAnAuthenticatorWithoutOne() {
        registered();
        store.counter(5);
        authenticator.counter(-1); // the next assertion carries 0: an authenticator that keeps none (a synced passkey)
        String options = passkeys.requestOptions(afterPassword, Optional.of(USER));

        assertThat(passkeys.authenticate(afterPassword, authenticator.authenticate(RP_ID, ISSUER, challenge(options), SoftwareAuthenticator.UP,
                Optional.empty()), "app")).isInstanceOf(Passkeys.SignedIn.Verified.class);
    }

    @Test
    void authenticateWhenTheChallengeWasUsedThenTheReplayIsRefused() {
        registered();
        String options = passkeys.requestOptions(afterPassword, Optional.of(USER));
        String assertion = authenticator.authenticate(RP_ID, ISSUER, challenge(options), SoftwareAuthenticator.UP, Optional.empty());
        assertThat(passkeys.authenticate(afterPassword, assertion, "app")).isInstanceOf(Passkeys.SignedIn.Verified.class);
        long counter = store.stored.get(0).signCount();

        assertThat(passkeys.authenticate(afterPassword, assertion, "app")).isInstanceOf(Passkeys.SignedIn.Refused.class);
        assertThat(store.stored.get(0).signCount()).isEqualTo(counter);
    }

    @Test
    void authenticateWhenPasswordlessWithoutUserVerificationThenRefusedAndNothingCounted() {
        registered();
        PendingSignIn passwordless = pending(Optional.empty(), Proofs.NONE);
        String options = passkeys.requestOptions(passwordless, Optional.empty());

        Passkeys.SignedIn outcome = passkeys.authenticate(passwordless, authenticator.authenticate(RP_ID, ISSUER, challenge(options),
                SoftwareAuthenticator.UP, Optional.of(SoftwareAuthenticator.userHandle(USER))), "app");

        assertThat(outcome).isInstanceOf(Passkeys.SignedIn.Refused.class);
        assertThat(store.stored.get(0).signCount()).isZero();
        assertThat(attempts.wrong).isEmpty();
    }

    @Test
    void authenticateWhenTheUserHandleIsAnotherUsersThenRefused() {
        registered();
        PendingSignIn passwordless = pending(Optional.empty(), Proofs.NONE);
        String options = passkeys.requestOptions(passwordless, Optional.empty());

        assertThat(passkeys.authenticate(passwordless, authenticator.authenticate(RP_ID, ISSUER, challenge(options),
                (byte) (SoftwareAuthenticator.UP | SoftwareAuthenticator.UV), Optional.of(SoftwareAuthenticator.userHandle(UUID.randomUUID()))),
                "app")).isInstanceOf(Passkeys.SignedIn.Refused.class);
    }

    @Test
    void authenticateWhenThePasskeyIsAnotherUsersThanThePasswordsThenRefused() {
        registered();
        PendingSignIn someoneElse = pending(Optional.of(UUID.randomUUID()), Proofs.of(Factor.PASSWORD, NOW));
        String options = passkeys.requestOptions(someoneElse, someoneElse.userId());

        assertThat(passkeys.authenticate(someoneElse, authenticator.authenticate(RP_ID, ISSUER, challenge(options), SoftwareAuthenticator.UP,
                Optional.empty()), "app")).isInstanceOf(Passkeys.SignedIn.Refused.class);
    }

    @Test
    void authenticateWhenTheJsonOrCborIsMalformedThenRefused() {
        assertRefusedAfterPassword(challenge -> "{\"id\":");
        assertRefusedAfterPassword(challenge -> "{\"id\":\"" + authenticator.credentialIdBase64url() + "\",\"rawId\":\""
                + authenticator.credentialIdBase64url() + "\",\"type\":\"public-key\",\"response\":{\"clientDataJSON\":\""
                + base64url("{\"type\":".getBytes(StandardCharsets.UTF_8)) + "\",\"authenticatorData\":\"AAEC\",\"signature\":\"AAEC\"},"
                + "\"clientExtensionResults\":{}}");
    }

    @Test
    void authenticateWhenTheUserIsLockedThenRefusedWithoutVerifying() {
        registered();
        attempts.locked = true;
        String options = passkeys.requestOptions(afterPassword, Optional.of(USER));

        assertThat(passkeys.authenticate(afterPassword, authenticator.authenticate(RP_ID, ISSUER, challenge(options), SoftwareAuthenticator.UP,
                Optional.empty()), "app")).isInstanceOf(Passkeys.SignedIn.Refused.class);
        assertThat(store.stored.get(0).signCount()).isZero();
    }

    @Test
    void authenticateWithoutAUsernameWhenThePasskeysUserIsLockedThenRefusedWithNothingCounted() {
        registered();
        PendingSignIn passwordless = pending(Optional.empty(), Proofs.NONE);
        String options = passkeys.requestOptions(passwordless, Optional.empty());
        store.lockedUntil = Optional.of(NOW.plusSeconds(60));

        assertThat(passkeys.authenticate(passwordless, authenticator.authenticate(RP_ID, ISSUER, challenge(options),
                (byte) (SoftwareAuthenticator.UP | SoftwareAuthenticator.UV), Optional.of(SoftwareAuthenticator.userHandle(USER))), "app"))
                .isInstanceOf(Passkeys.SignedIn.Refused.class);
        assertThat(store.stored.get(0).signCount()).isZero();
        assertThat(attempts.wrong).isEmpty();
    }

    @Test
    void configWhenTheRpIdIsAParentDomainThenOptionsNameIt() {
        Passkeys parent = new Passkeys(store, pendingSignIns, attempts, events, CLOCK, config(Map.of("OID_WEBAUTHN_RP_ID", "Example.com")), new SignatureProvider());

        assertThat(parent.requestOptions(afterPassword, Optional.empty())).contains("\"rpId\":\"example.com\"");
    }

    /** A response refused after the password: nothing stored, the challenge gone, the failure counted. */
    private void assertRefusedAfterPassword(java.util.function.Function<String, String> response) {
        if (store.stored.isEmpty()) {
            registered();
        }
        long counter = store.stored.get(0).signCount();
        int wrongBefore = attempts.wrong.size();
        String options = passkeys.requestOptions(afterPassword, Optional.of(USER));

        Passkeys.SignedIn outcome = passkeys.authenticate(afterPassword, response.apply(challenge(options)), "app");

        assertThat(outcome).isInstanceOf(Passkeys.SignedIn.Refused.class);
        assertThat(store.stored.get(0).signCount()).isEqualTo(counter);
        assertThat(pendingSignIns.challenges).doesNotContainKey(afterPassword.id());
        assertThat(attempts.wrong).hasSize(wrongBefore + 1).last().isEqualTo(SignInFailure.WRONG_PASSKEY);
        assertThat(events.fired()).hasSize(eventsBaseline);
    }

    /** The authenticator's passkey, registered for USER. */
    private void registered() {
        String options = passkeys.creationOptions(afterPassword, USER);
        assertThat(passkeys.register(afterPassword, authenticator.register(RP_ID, ISSUER, challenge(options),
                (byte) (SoftwareAuthenticator.UP | SoftwareAuthenticator.UV)), "")).isPresent();
        // announced; what follows looks only at the events after this one
        eventsBaseline = events.fired().size();
    }

    private int eventsBaseline;

    private static String challenge(String options) {
        try {
            return JSON.readTree(options).path("challenge").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static PendingSignIn pending(Optional<UUID> userId, Proofs proofs) {
        return new PendingSignIn(UUID.randomUUID(), TENANT, userId, Optional.empty(), proofs, false, Optional.empty(), NOW.plusSeconds(600));
    }

    private static OidConfig config(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(Map.of("JWT_ISSUER", ISSUER, "DATABASE_URL", "postgres://ods:pw@db:5432/ods?search_path=oid"));
        values.putAll(extra);
        return OidConfig.load(ConfigSource.of(values), false);
    }

    /** The challenges of sign_in_flows: set, then taken once. */
    private static final class FakePendingSignIns extends PendingSignIns {
        final Map<UUID, byte[]> challenges = new HashMap<>();

        @Override
        public void challenge(UUID id, byte[] challenge) {
            challenges.put(id, challenge.clone());
        }

        @Override
        public Optional<byte[]> takeChallenge(UUID id) {
            return Optional.ofNullable(challenges.remove(id));
        }
    }

    /** webauthn_credentials, with PasskeyStore's rules: a credential id once, the counter only forward, within the tenant. */
    private static final class FakeStore extends PasskeyStore {
        final List<StoredPasskey> stored = new ArrayList<>();
        final List<String> names = new ArrayList<>();

        @Override
        public boolean add(UUID id, UUID tenantId, UUID userId, PasskeyVerifier.Registration registration, String name, Instant now) {
            if (stored.stream().anyMatch(passkey -> Arrays.equals(passkey.credentialId(), registration.credentialId()))) {
                return false;
            }
            stored.add(new StoredPasskey(id, tenantId, userId, registration.credentialId(), registration.publicKey(), registration.signCount(),
                    registration.aaguid(), registration.backupEligible(), registration.backedUp(), registration.userVerified(), true,
                    Optional.empty()));
            names.add(name);
            return true;
        }

        /** The users' lock, which the lookup reads with the passkey. */
        Optional<Instant> lockedUntil = Optional.empty();

        @Override
        public Optional<StoredPasskey> find(UUID tenantId, byte[] credentialId) {
            return stored.stream().filter(passkey -> passkey.tenantId().equals(tenantId) && Arrays.equals(passkey.credentialId(), credentialId))
                    .findFirst().map(p -> new StoredPasskey(p.id(), p.tenantId(), p.userId(), p.credentialId(), p.publicKey(), p.signCount(),
                            p.aaguid(), p.backupEligible(), p.backedUp(), p.uvInitialized(), p.userEnabled(), lockedUntil));
        }

        @Override
        public List<PasskeyOptions.Descriptor> of(UUID userId) {
            return stored.stream().filter(passkey -> passkey.userId().equals(userId))
                    .map(passkey -> new PasskeyOptions.Descriptor(passkey.credentialId(), List.of("internal"))).toList();
        }

        @Override
        public boolean used(UUID id, PasskeyVerifier.Assertion assertion, Instant now) {
            for (int i = 0; i < stored.size(); i++) {
                StoredPasskey p = stored.get(i);
                if (p.id().equals(id)) {
                    if (assertion.signCount() != 0 && p.signCount() != 0 && p.signCount() >= assertion.signCount()) {
                        return false;
                    }
                    stored.set(i, new StoredPasskey(p.id(), p.tenantId(), p.userId(), p.credentialId(), p.publicKey(),
                            Math.max(p.signCount(), assertion.signCount()), p.aaguid(), p.backupEligible(), assertion.backedUp(),
                            p.uvInitialized(), p.userEnabled(), p.lockedUntil()));
                    return true;
                }
            }
            return false;
        }

        void counter(long value) {
            StoredPasskey p = stored.get(0);
            stored.set(0, new StoredPasskey(p.id(), p.tenantId(), p.userId(), p.credentialId(), p.publicKey(), value, p.aaguid(),
                    p.backupEligible(), p.backedUp(), p.uvInitialized(), p.userEnabled(), p.lockedUntil()));
        }

        @Override
        public Optional<Holder> holder(UUID userId) {
            return Optional.of(new Holder("alice", Optional.of("Alice")));
        }
    }

    /** The lockout: whether the user is locked, and the failures counted. */
    private static final class FakeAttempts extends SignInAttempts {
        boolean locked;
        final List<SignInFailure> wrong = new ArrayList<>();

        @Override
        public boolean isLocked(UUID userId, Instant now) {
            return locked;
        }

        @Override
        public void wrongFactor(UUID tenantId, UUID userId, String clientId, Instant now, SignInFailure failure) {
            wrong.add(failure);
        }
    }
}
