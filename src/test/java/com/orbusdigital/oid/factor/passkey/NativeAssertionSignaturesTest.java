package com.orbusdigital.oid.factor.passkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.orbusdigital.oid.config.ConfigSource;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.testing.SoftwareAuthenticator;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * ES256 assertions checked through the provider OID signs with (ACCP in production; here a provider
 * that counts what it verifies, with the JDK's ECDSA underneath): the good signature accepted, a
 * signature by another key refused, both through that provider; without a provider that verifies
 * ES256, webauthn4j's own check, with the same outcomes.
 */
class NativeAssertionSignaturesTest {

    private static final String ISSUER = "https://id.example.com";
    private static final String RP_ID = "id.example.com";
    private static final UUID USER = UUID.randomUUID();
    private static final AtomicInteger VERIFIED = new AtomicInteger();

    private final SoftwareAuthenticator authenticator = new SoftwareAuthenticator();

    @Test
    void whenTheProviderVerifiesEs256ThenEveryAssertionIsCheckedThroughIt() throws Exception {
        PasskeyVerifier verifier = new PasskeyVerifier(relyingParty(), Optional.of(new CountingProvider()));
        StoredPasskey stored = registered(verifier);
        int before = VERIFIED.get();

        verifier.authenticate(verifier.parse(assertion(challenge(2), Optional.empty())), challenge(2), stored, false);
        assertThatThrownBy(() -> verifier.authenticate(verifier.parse(assertion(challenge(3), Optional.of(SoftwareAuthenticator.otherKey()))),
                challenge(3), stored, false)).isInstanceOf(PasskeyVerifier.Refused.class);

        assertThat(VERIFIED.get() - before).isEqualTo(2);
    }

    @Test
    void whenTheProviderHasNoEs256ThenWebauthn4jChecksTheSignatureItself() throws Exception {
        PasskeyVerifier verifier = new PasskeyVerifier(relyingParty(), Optional.of(Security.getProvider("SUN")));
        StoredPasskey stored = registered(verifier);

        verifier.authenticate(verifier.parse(assertion(challenge(2), Optional.empty())), challenge(2), stored, false);
        assertThatThrownBy(() -> verifier.authenticate(verifier.parse(assertion(challenge(3), Optional.of(SoftwareAuthenticator.otherKey()))),
                challenge(3), stored, false)).isInstanceOf(PasskeyVerifier.Refused.class);
    }

    @Test
    void theVerifierIsInstalledInWebauthn4jsOwnField() throws Exception {
        // pins the webauthn4j field this relies on: an upgrade that renames it fails here, not silently slower
        PasskeyVerifier verifier = new PasskeyVerifier(relyingParty(), Optional.of(new CountingProvider()));
        var field = com.webauthn4j.verifier.AuthenticationDataVerifier.class.getDeclaredField(NativeAssertionSignatures.FIELD);
        field.setAccessible(true);

        assertThat(field.get(verifier.authenticationDataVerifier())).isInstanceOfSatisfying(NativeAssertionSignatures.class,
                installed -> assertThat(installed.provider()).isInstanceOf(CountingProvider.class));
        assertThat(NativeAssertionSignatures.install(verifier.authenticationDataVerifier(), Optional.empty())).isFalse();
    }

    private StoredPasskey registered(PasskeyVerifier verifier) throws PasskeyVerifier.Refused {
        PasskeyVerifier.Registration registration = verifier.register(
                authenticator.register(RP_ID, ISSUER, base64url(challenge(1)), (byte) (SoftwareAuthenticator.UP | SoftwareAuthenticator.UV)),
                challenge(1), false);
        return new StoredPasskey(UUID.randomUUID(), UUID.randomUUID(), USER, registration.credentialId(), registration.publicKey(),
                registration.signCount(), registration.aaguid(), registration.backupEligible(), registration.backedUp(), true, true,
                Optional.empty());
    }

    private String assertion(byte[] challenge, Optional<java.security.KeyPair> signer) {
        authenticator.counter(authenticator.counter() + 1);
        return authenticator.assertion(SoftwareAuthenticator.rpIdHash(RP_ID),
                SoftwareAuthenticator.clientData("webauthn.get", base64url(challenge), ISSUER), SoftwareAuthenticator.UP, Optional.empty(),
                signer);
    }

    private static byte[] challenge(int seed) {
        byte[] challenge = new byte[32];
        java.util.Arrays.fill(challenge, (byte) seed);
        return challenge;
    }

    private static String base64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static PasskeyRelyingParty relyingParty() {
        return PasskeyRelyingParty.of(OidConfig.load(ConfigSource.of(Map.of("JWT_ISSUER", ISSUER,
                "DATABASE_URL", "postgres://ods:pw@db:5432/ods?search_path=oid")), false));
    }

    /** A provider of ES256 verification only, counting what it verifies; the JDK's ECDSA does the work. */
    static final class CountingProvider extends Provider {
        CountingProvider() {
            super("OidTestCounting", "1", "counts ES256 verifications");
            putService(new Service(this, "Signature", "SHA256withECDSA", CountingEcdsa.class.getName(), null, null));
        }
    }

    public static final class CountingEcdsa extends SignatureSpi {
        private final Signature jdk;

        public CountingEcdsa() throws Exception {
            jdk = Signature.getInstance("SHA256withECDSA", "SunEC");
        }

        @Override
        protected void engineInitVerify(PublicKey key) throws InvalidKeyException {
            jdk.initVerify(key);
        }

        @Override
        protected void engineInitSign(PrivateKey key) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected void engineUpdate(byte b) throws SignatureException {
            jdk.update(b);
        }

        @Override
        protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
            jdk.update(b, off, len);
        }

        @Override
        protected byte[] engineSign() {
            throw new UnsupportedOperationException();
        }

        @Override
        protected boolean engineVerify(byte[] signature) throws SignatureException {
            VERIFIED.incrementAndGet();
            return jdk.verify(signature);
        }

        @Override
        @SuppressWarnings("deprecation")
        protected void engineSetParameter(String param, Object value) {
            throw new UnsupportedOperationException();
        }

        @Override
        @SuppressWarnings("deprecation")
        protected Object engineGetParameter(String param) {
            throw new UnsupportedOperationException();
        }
    }
}
