package com.orbusdigital.oid.factor.passkey;

import com.webauthn4j.data.CoreAuthenticationData;
import com.webauthn4j.data.attestation.authenticator.COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.verifier.AuthenticationDataVerifier;
import com.webauthn4j.verifier.exception.BadSignatureException;
import com.webauthn4j.verifier.internal.AssertionSignatureVerifier;
import java.lang.reflect.Field;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ES256 assertion's signature checked by the provider that signs OID's tokens (ACCP, native)
 * rather than the JDK's. webauthn4j asks {@code Signature.getInstance(algorithm)} for it, which is
 * the JDK's SunEC, whose P-256 verification on Java 17 costs about a millisecond of a core: a third
 * of a whole sign-in by passkey, and more than everything OID itself does for it. ACCP verifies the
 * same signature in a twentieth of that. ACCP is only appended to the JVM's providers (see
 * {@code SignatureProvider}: nothing else in the JVM changes provider), so it is asked by name here.
 *
 * <p>The check is webauthn4j's own — the signature over the authenticator data followed by the
 * client data's hash, by the credential's key, with its algorithm — and only its provider differs;
 * every other algorithm (EdDSA, RS256), and ES256 without ACCP, stays with webauthn4j's verifier.
 * webauthn4j has no setting for this, so {@link #install} puts this verifier in the field of
 * {@link AuthenticationDataVerifier} that holds its own; if a later webauthn4j has no such field,
 * nothing changes but the speed (logged once, and {@code NativeAssertionSignaturesTest} fails).
 */
final class NativeAssertionSignatures extends AssertionSignatureVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(NativeAssertionSignatures.class);
    /** The field of {@link AuthenticationDataVerifier} holding the signature check (webauthn4j 0.32). */
    static final String FIELD = "assertionSignatureVerifier";
    private static final String ES256 = "SHA256withECDSA";

    private final Provider provider;

    private NativeAssertionSignatures(Provider provider) {
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    /**
     * Has {@code verifier} check ES256 signatures through {@code provider} when there is one that
     * verifies ES256; whether it now does.
     */
    static boolean install(AuthenticationDataVerifier verifier, Optional<Provider> provider) {
        if (provider.isEmpty() || provider.get().getService("Signature", ES256) == null) {
            return false;
        }
        try {
            Field field = AuthenticationDataVerifier.class.getDeclaredField(FIELD);
            field.setAccessible(true);
            field.set(verifier, new NativeAssertionSignatures(provider.get()));
            return true;
        } catch (ReflectiveOperationException | RuntimeException unexpected) {
            LOG.warn("Passkey signatures are checked by the JDK's provider, not {}: webauthn4j has changed ({})",
                    provider.get().getName(), unexpected.toString());
            return false;
        }
    }

    /** The provider that checks ES256 signatures, for tests. */
    Provider provider() {
        return provider;
    }

    @Override
    public void verify(CoreAuthenticationData data, COSEKey key) {
        if (data == null || key == null || !COSEAlgorithmIdentifier.ES256.equals(key.getAlgorithm())) {
            super.verify(data, key);
            return;
        }
        if (!verifies(key.getPublicKey(), getSignedData(data), data.getSignature())) {
            throw new BadSignatureException("Assertion signature is not valid.");
        }
    }

    private boolean verifies(PublicKey key, byte[] signed, byte[] signature) {
        if (key == null || signature == null) {
            return false;
        }
        try {
            Signature verification = Signature.getInstance(ES256, provider);
            verification.initVerify(key);
            verification.update(signed);
            return verification.verify(signature);
        } catch (GeneralSecurityException | RuntimeException invalid) {
            // a key or a signature that is not even well formed is a signature that does not verify
            return false;
        }
    }
}
