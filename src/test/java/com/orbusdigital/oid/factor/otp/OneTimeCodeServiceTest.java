package com.orbusdigital.oid.factor.otp;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.config.ConfigSource;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.event.FactorChange;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.factor.Base32;
import com.orbusdigital.oid.testing.FiredEvents;
import com.orbusdigital.oid.user.signin.SignInAttempts;
import com.orbusdigital.oid.user.signin.SignInFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The service's rules over fakes of its store (which keeps the store's SQL conditions: a step taken
 * once, a confirmed secret never replaced) and of the lockout; the SQL itself runs in OneTimeCodeIT.
 */
class OneTimeCodeServiceTest {

    private static final Instant NOW = Instant.parse("2026-12-07T18:00:10Z");
    private static final Instant SIGN_IN_STARTED = NOW.minusSeconds(60);
    private static final UUID TENANT = UUID.randomUUID();
    private static final UUID USER = UUID.randomUUID();
    private static final OidConfig CONFIG = OidConfig.load(ConfigSource.of(Map.of("JWT_ISSUER", "https://oid.example.com",
            "DATABASE_URL", "postgres://ods:pw@db:5432/ods", "OID_KEY_ENCRYPTION_KEY",
            java.util.Base64.getEncoder().encodeToString(new byte[32]))), false);

    private final MemoryCredentials credentials = new MemoryCredentials();
    private final Lockout lockout = new Lockout();
    private final FiredEvents<IdentityEvent> events = new FiredEvents<>();

    private OneTimeCodeService at(Instant now) {
        return new OneTimeCodeService(credentials, CONFIG, lockout, events, Clock.fixed(now, ZoneOffset.UTC));
    }

    /** Set up through the service: the secret the page showed, its first code confirmed a step ago. */
    private byte[] setUp() {
        String shown = at(SIGN_IN_STARTED).enrolment(TENANT, USER, SIGN_IN_STARTED).orElseThrow().secret();
        byte[] secret = credentials.plainSecret();
        assertThat(Base32.encode(secret)).isEqualTo(shown);
        Instant earlier = NOW.minus(Duration.ofMinutes(1));
        assertThat(at(earlier).confirm(TENANT, USER, Totp.code(secret, Totp.step(earlier)), SIGN_IN_STARTED)).isTrue();
        return secret;
    }

    @Test
    void theFirstRightCodeConfirmsTheSecretAndAnnouncesIt() {
        setUp();

        assertThat(credentials.stored.confirmed()).isTrue();
        assertThat(events.fired()).containsExactly(new FactorChange.TotpEnabled(TENANT, USER));
        assertThat(lockout.counted).isEmpty();
    }

    @Test
    void theSecretIsSealedAtRestForItsUser() {
        setUp();

        assertThat(credentials.stored.encryption()).isEqualTo("aes-256-gcm");
        assertThat(credentials.stored.secret()).isNotEqualTo(credentials.plainSecret());
    }

    @Test
    void theEnrolmentPageShownAgainKeepsTheSecretOfThisSignInAndANewSignInGetsANewOne() {
        String first = at(SIGN_IN_STARTED).enrolment(TENANT, USER, SIGN_IN_STARTED).orElseThrow().secret();

        assertThat(at(NOW).enrolment(TENANT, USER, SIGN_IN_STARTED).orElseThrow().secret()).isEqualTo(first);
        assertThat(at(NOW).enrolment(TENANT, USER, NOW).orElseThrow().secret()).isNotEqualTo(first).hasSize(32);
    }

    @Test
    void aConfirmedSecretIsNeverReplacedByAnEnrolment() {
        byte[] secret = setUp();

        assertThat(at(NOW).enrolment(TENANT, USER, NOW)).isEmpty();
        assertThat(credentials.plainSecret()).isEqualTo(secret);
    }

    @Test
    void aWrongFirstCodeConfirmsNothing() {
        at(SIGN_IN_STARTED).enrolment(TENANT, USER, SIGN_IN_STARTED);
        String wrong = Totp.code(credentials.plainSecret(), Totp.step(NOW) + 5);

        assertThat(at(NOW).confirm(TENANT, USER, wrong, SIGN_IN_STARTED)).isFalse();
        assertThat(credentials.stored.confirmed()).isFalse();
        assertThat(events.fired()).isEmpty();
    }

    @Test
    void anEnrolmentOfAnEarlierSignInCannotBeConfirmedByThisOne() {
        at(SIGN_IN_STARTED).enrolment(TENANT, USER, SIGN_IN_STARTED);

        assertThat(at(NOW).confirm(TENANT, USER, Totp.code(credentials.plainSecret(), Totp.step(NOW)), NOW)).isFalse();
        assertThat(credentials.stored.confirmed()).isFalse();
    }

    @Test
    void aRightCodeIsAcceptedOnceAndItsReplayInTheSameStepIsRefusedAndCounted() {
        byte[] secret = setUp();
        String code = Totp.code(secret, Totp.step(NOW));

        assertThat(at(NOW).prove(TENANT, USER, "web", code)).isTrue();
        assertThat(at(NOW.plusSeconds(5)).prove(TENANT, USER, "web", code)).isFalse();
        assertThat(lockout.counted).containsExactly(SignInFailure.WRONG_CODE);
    }

    @Test
    void aCodeOfAnEarlierStepThanOneAcceptedIsRefused() {
        byte[] secret = setUp();

        assertThat(at(NOW).prove(TENANT, USER, "web", Totp.code(secret, Totp.step(NOW) + 1))).isTrue();
        assertThat(at(NOW).prove(TENANT, USER, "web", Totp.code(secret, Totp.step(NOW)))).isFalse();
    }

    @Test
    void aWrongCodeIsCountedTowardsTheLockout() {
        byte[] secret = setUp();

        assertThat(at(NOW).prove(TENANT, USER, "web", Totp.code(secret, Totp.step(NOW) + 2))).isFalse();
        assertThat(lockout.counted).containsExactly(SignInFailure.WRONG_CODE);
    }

    @Test
    void aLockedAccountsRightCodeIsRefusedAndNotCounted() {
        byte[] secret = setUp();
        lockout.locked = true;

        assertThat(at(NOW).prove(TENANT, USER, "web", Totp.code(secret, Totp.step(NOW)))).isFalse();
        assertThat(lockout.counted).isEmpty();
        assertThat(credentials.lastStep).as("the code is not spent").isNotEqualTo(Totp.step(NOW));
    }

    @Test
    void anUnconfirmedSecretProvesNothing() {
        at(SIGN_IN_STARTED).enrolment(TENANT, USER, SIGN_IN_STARTED);

        assertThat(at(NOW).prove(TENANT, USER, "web", Totp.code(credentials.plainSecret(), Totp.step(NOW)))).isFalse();
    }

    @Test
    void theKeyUriNamesTheTenantAndUserAndSpellsOutTheParameters() {
        assertThat(OneTimeCodeService.otpauthUri("Acme & Co", "ada lovelace", "JBSWY3DPEHPK3PXP")).isEqualTo(
                "otpauth://totp/Acme%20%26%20Co:ada%20lovelace?secret=JBSWY3DPEHPK3PXP&issuer=Acme%20%26%20Co"
                        + "&algorithm=SHA1&digits=6&period=30");
    }

    /** totp_credentials for one user, with the conditions of TotpCredentials' statements. */
    private static final class MemoryCredentials extends TotpCredentials {
        TotpCredentials.Stored stored;
        Long lastStep;

        byte[] plainSecret() {
            return new TotpSecretCipher(CONFIG.keyEncryptionKey()).open(USER, stored.encryption(), stored.secret());
        }

        @Override
        public Optional<Stored> find(UUID tenantId, UUID userId) {
            return Optional.ofNullable(stored).filter(s -> tenantId.equals(TENANT) && userId.equals(USER));
        }

        @Override
        public boolean enrol(UUID tenantId, UUID userId, byte[] secret, String encryption, Instant now) {
            if (stored != null && stored.confirmed()) {
                return false;
            }
            stored = new Stored(secret, encryption, now, false);
            lastStep = null;
            return true;
        }

        @Override
        public boolean accept(UUID tenantId, UUID userId, long step) {
            if (stored == null || !stored.confirmed() || (lastStep != null && lastStep >= step)) {
                return false;
            }
            lastStep = step;
            return true;
        }

        @Override
        public boolean confirm(UUID tenantId, UUID userId, long step, Instant since, Instant now) {
            if (stored == null || stored.confirmed() || stored.createdAt().isBefore(since) || (lastStep != null && lastStep >= step)) {
                return false;
            }
            stored = new Stored(stored.secret(), stored.encryption(), stored.createdAt(), true);
            lastStep = step;
            return true;
        }

        @Override
        public Optional<Account> account(UUID tenantId, UUID userId) {
            return Optional.of(new Account("ada", "Acme"));
        }
    }

    private static final class Lockout extends SignInAttempts {
        boolean locked;
        final List<SignInFailure> counted = new ArrayList<>();

        @Override
        public boolean isLocked(UUID userId, Instant now) {
            return locked;
        }

        @Override
        public void wrongFactor(UUID tenantId, UUID userId, String clientId, Instant now, SignInFailure failure) {
            counted.add(failure);
        }
    }
}
