package com.orbusdigital.oid.factor.otp;

import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.crypto.RandomValues;
import com.orbusdigital.oid.event.FactorChange;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.factor.Base32;
import com.orbusdigital.oid.persistence.Transactional;
import com.orbusdigital.oid.user.signin.SignInAttempts;
import com.orbusdigital.oid.user.signin.SignInFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One-time codes from an authenticator app (RFC 6238): setting one up during a sign-in (a secret,
 * confirmed by its first code) and proving one. A code is accepted once: the step it matched is taken
 * by one atomic UPDATE, so a replay in the same window, or the second of two simultaneous posts, is
 * refused. A wrong code counts towards the lockout as a wrong password does, and a locked account's
 * codes are not even checked.
 */
@ApplicationScoped
public class OneTimeCodeService {

    private static final Logger LOG = LoggerFactory.getLogger(OneTimeCodeService.class);

    /** A secret to set up: base32, and the otpauth URI its QR code carries. Never logged. */
    public record Enrolment(String secret, String uri) {
        @Override
        public String toString() {
            return "Enrolment[…]";
        }
    }

    private TotpCredentials credentials;
    private TotpSecretCipher cipher;
    private SignInAttempts attempts;
    private Event<IdentityEvent> events;
    private Clock clock;

    protected OneTimeCodeService() {
        // for the CDI proxy
    }

    @Inject
    public OneTimeCodeService(TotpCredentials credentials, OidConfig config, SignInAttempts attempts, Event<IdentityEvent> events,
                              Clock clock) {
        this.credentials = credentials;
        this.cipher = new TotpSecretCipher(config.keyEncryptionKey());
        this.attempts = attempts;
        this.events = events;
        this.clock = clock;
    }

    /**
     * The secret for the user to set up: the one this sign-in (started at {@code since}) made already
     * — the page again after a wrong code shows what the app has — or a new one replacing any earlier
     * enrolment. Empty when the user has one set up: that one is never replaced here.
     */
    @Transactional
    public Optional<Enrolment> enrolment(UUID tenantId, UUID userId, Instant since) {
        Optional<TotpCredentials.Stored> stored = credentials.find(tenantId, userId);
        if (stored.filter(TotpCredentials.Stored::confirmed).isPresent()) {
            return Optional.empty();
        }
        Optional<byte[]> secret = stored.filter(underWay -> !underWay.createdAt().isBefore(since)).flatMap(underWay -> open(userId, underWay));
        if (secret.isEmpty()) {
            byte[] fresh = RandomValues.bytes(Totp.SECRET_BYTES);
            if (!credentials.enrol(tenantId, userId, cipher.seal(userId, fresh), cipher.scheme(), clock.instant())) {
                return Optional.empty();
            }
            secret = Optional.of(fresh);
        }
        String encoded = Base32.encode(secret.get());
        TotpCredentials.Account account = credentials.account(tenantId, userId)
                .orElseThrow(() -> new IllegalStateException("no user " + userId + " in tenant " + tenantId));
        return Optional.of(new Enrolment(encoded, otpauthUri(account.tenantName(), account.username(), encoded)));
    }

    /**
     * Whether {@code code} is the user's current one, not used before; a wrong one is counted
     * ({@link SignInFailure#WRONG_CODE}).
     */
    @Transactional
    public boolean prove(UUID tenantId, UUID userId, String clientId, String code) {
        Instant now = clock.instant();
        if (attempts.isLocked(userId, now)) {
            return false;
        }
        Optional<byte[]> secret = credentials.find(tenantId, userId).filter(TotpCredentials.Stored::confirmed)
                .flatMap(stored -> open(userId, stored));
        OptionalLong step = secret.map(s -> Totp.matchingStep(s, code, now)).orElse(OptionalLong.empty());
        if (step.isPresent() && credentials.accept(tenantId, userId, step.getAsLong())) {
            return true;
        }
        attempts.wrongFactor(tenantId, userId, clientId, now, SignInFailure.WRONG_CODE);
        return false;
    }

    /**
     * Whether {@code code} confirms the secret this sign-in (started at {@code since}) set up; it is
     * then set up ({@code oid.user.totp_enabled}). A mistyped first code is not counted towards the
     * lockout: the person already proved the password, and guessing sets up nothing they did not scan.
     */
    @Transactional
    public boolean confirm(UUID tenantId, UUID userId, String code, Instant since) {
        Instant now = clock.instant();
        if (attempts.isLocked(userId, now)) {
            return false;
        }
        OptionalLong step = credentials.find(tenantId, userId)
                .filter(stored -> !stored.confirmed() && !stored.createdAt().isBefore(since))
                .flatMap(stored -> open(userId, stored))
                .map(secret -> Totp.matchingStep(secret, code, now)).orElse(OptionalLong.empty());
        if (step.isEmpty() || !credentials.confirm(tenantId, userId, step.getAsLong(), since, now)) {
            return false;
        }
        events.fire(new FactorChange.TotpEnabled(tenantId, userId));
        return true;
    }

    private Optional<byte[]> open(UUID userId, TotpCredentials.Stored stored) {
        try {
            return Optional.of(cipher.open(userId, stored.encryption(), stored.secret()));
        } catch (IllegalStateException unreadable) {
            // sealed under another OID_KEY_ENCRYPTION_KEY (or none is set now), or copied from another row
            LOG.warn("The authenticator-app secret of user {} (stored {}) cannot be opened with this OID_KEY_ENCRYPTION_KEY",
                    userId, stored.encryption());
            return Optional.empty();
        }
    }

    /**
     * The key URI authenticator apps read from the QR code: the tenant's name as issuer, then the
     * username; the parameters spell out the defaults, which some apps want.
     */
    static String otpauthUri(String issuer, String username, String secret) {
        return "otpauth://totp/" + encode(issuer) + ":" + encode(username) + "?secret=" + secret + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.PERIOD_SECONDS;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
