package com.orbusdigital.oid.factor.passkey;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.data.extension.authenticator.AuthenticationExtensionAuthenticatorOutput;
import com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.AuthenticationDataVerifier;
import java.security.Provider;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The WebAuthn ceremonies' checks, by webauthn4j (what Keycloak and Spring Security verify with):
 * a registration's attestation object and client data, an assertion's signature over the
 * authenticator data and client data — against the challenge the page was given, OID's origin and
 * the RP ID's hash — plus the rules OID adds: user presence always, user verification when asked
 * for, and a signature counter that must never go backwards. Pure: nothing is read or stored here,
 * so a refusal changes nothing.
 */
public final class PasskeyVerifier {

    /** ES256, EdDSA and RS256, in the order pages offer them (what authenticators and platforms create). */
    static final List<COSEAlgorithmIdentifier> ALGORITHMS = List.of(COSEAlgorithmIdentifier.ES256, COSEAlgorithmIdentifier.EdDSA,
            COSEAlgorithmIdentifier.RS256);
    /** One converter for every ceremony: it is thread-safe, and costly to build. */
    private static final ObjectConverter CONVERTER = new ObjectConverter();
    private static final List<PublicKeyCredentialParameters> PARAMETERS = ALGORITHMS.stream()
            .map(alg -> new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, alg)).toList();

    /** Why a response was not accepted; for logs and tests, never shown to the person as such. */
    public static final class Refused extends Exception {
        public Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    /** A passkey just created, as OID stores it. */
    public record Registration(byte[] credentialId, byte[] publicKey, long signCount, Optional<UUID> aaguid, boolean backupEligible,
                               boolean backedUp, boolean userVerified, Set<String> transports) {
        @Override
        public String toString() {
            return "Registration[backupEligible=" + backupEligible + ", userVerified=" + userVerified + "]";
        }
    }

    /** What an accepted assertion showed. */
    public record Assertion(long signCount, boolean backupEligible, boolean backedUp, boolean userVerified) {}

    /** An assertion as posted, parsed but not yet checked: which credential it names and for whom. */
    public record Parsed(byte[] credentialId, Optional<byte[]> userHandle, AuthenticationData data) {
        @Override
        public String toString() {
            return "Parsed[]";
        }
    }

    private final WebAuthnManager manager;
    private final PasskeyRelyingParty relyingParty;

    public PasskeyVerifier(PasskeyRelyingParty relyingParty) {
        this(relyingParty, Optional.empty());
    }

    /** With ES256 signatures checked by {@code nativeProvider} when there is one (see {@link NativeAssertionSignatures}). */
    public PasskeyVerifier(PasskeyRelyingParty relyingParty, Optional<Provider> nativeProvider) {
        this.relyingParty = Objects.requireNonNull(relyingParty, "relyingParty");
        // attestation: OID asks for none and trusts no vendor's, so any format is read and none is required
        this.manager = WebAuthnManager.createNonStrictWebAuthnManager(CONVERTER);
        // the counter is OID's own rule below (a counter of 0 means the authenticator keeps none)
        this.manager.getAuthenticationDataVerifier().setMaliciousCounterValueHandler(counterChecked -> {});
        NativeAssertionSignatures.install(manager.getAuthenticationDataVerifier(), nativeProvider);
    }

    /** webauthn4j's assertion checks, for tests. */
    AuthenticationDataVerifier authenticationDataVerifier() {
        return manager.getAuthenticationDataVerifier();
    }

    /**
     * A registration response ({@code RegistrationResponseJSON}, as the page posts it) made for
     * {@code challenge}.
     */
    public Registration register(String json, byte[] challenge, boolean userVerificationRequired) throws Refused {
        RegistrationData data;
        try {
            data = manager.parseRegistrationResponseJSON(json);
        } catch (RuntimeException malformed) {
            throw new Refused("malformed registration response: " + malformed.getClass().getSimpleName());
        }
        try {
            manager.verify(data, new RegistrationParameters(server(challenge), PARAMETERS, userVerificationRequired, true));
        } catch (RuntimeException failed) {
            throw new Refused("registration not verified: " + failed.getClass().getSimpleName());
        }
        AuthenticatorData<RegistrationExtensionAuthenticatorOutput> authenticator = data.getAttestationObject().getAuthenticatorData();
        AttestedCredentialData credential = authenticator.getAttestedCredentialData();
        if (credential == null) {
            throw new Refused("registration without a credential");
        }
        Set<String> transports = new TreeSet<>();
        if (data.getTransports() != null) {
            data.getTransports().stream().map(AuthenticatorTransport::getValue).forEach(transports::add);
        }
        Optional<UUID> aaguid = Optional.ofNullable(credential.getAaguid()).map(AAGUID::getValue)
                .filter(value -> !value.equals(AAGUID.ZERO.getValue()));
        return new Registration(credential.getCredentialId(), CONVERTER.getCborConverter().writeValueAsBytes(credential.getCOSEKey()),
                authenticator.getSignCount(), aaguid, authenticator.isFlagBE(), authenticator.isFlagBS(), authenticator.isFlagUV(),
                transports);
    }

    /** An authentication response ({@code AuthenticationResponseJSON}) read, to find the passkey it names. */
    public Parsed parse(String json) throws Refused {
        AuthenticationData data;
        try {
            data = manager.parseAuthenticationResponseJSON(json);
        } catch (RuntimeException malformed) {
            throw new Refused("malformed authentication response: " + malformed.getClass().getSimpleName());
        }
        if (data.getCredentialId() == null || data.getCredentialId().length == 0) {
            throw new Refused("authentication response without a credential id");
        }
        return new Parsed(data.getCredentialId(), Optional.ofNullable(data.getUserHandle()).filter(handle -> handle.length > 0), data);
    }

    /** The assertion {@code parsed}, for {@code challenge}, by the stored passkey {@code stored}. */
    public Assertion authenticate(Parsed parsed, byte[] challenge, StoredPasskey stored, boolean userVerificationRequired) throws Refused {
        if (!Arrays.equals(parsed.credentialId(), stored.credentialId())) {
            throw new Refused("the assertion is by another credential");
        }
        if (parsed.userHandle().isPresent() && !Arrays.equals(parsed.userHandle().get(), PasskeyOptions.userHandle(stored.userId()))) {
            throw new Refused("the assertion's user handle is not the passkey's user");
        }
        COSEKey key;
        try {
            key = CONVERTER.getCborConverter().readValue(stored.publicKey(), COSEKey.class);
        } catch (RuntimeException unreadable) {
            throw new Refused("the stored public key cannot be read");
        }
        CredentialRecordImpl record = new CredentialRecordImpl(new NoneAttestationStatement(), stored.uvInitialized(),
                stored.backupEligible(), stored.backedUp(), stored.signCount(),
                new AttestedCredentialData(stored.aaguid().map(AAGUID::new).orElse(AAGUID.ZERO), stored.credentialId(), key),
                null, null, null, null);
        try {
            manager.verify(parsed.data(), new AuthenticationParameters(server(challenge), record, List.of(stored.credentialId()),
                    userVerificationRequired, true));
        } catch (RuntimeException failed) {
            throw new Refused("assertion not verified: " + failed.getClass().getSimpleName());
        }
        AuthenticatorData<AuthenticationExtensionAuthenticatorOutput> authenticator = parsed.data().getAuthenticatorData();
        long presented = authenticator.getSignCount();
        if (presented != 0 && stored.signCount() != 0 && presented <= stored.signCount()) {
            // a copy of the key, or a replayed response: WebAuthn §6.1.1
            throw new Refused("the signature counter went backwards");
        }
        return new Assertion(presented, authenticator.isFlagBE(), authenticator.isFlagBS(), authenticator.isFlagUV());
    }

    private ServerProperty server(byte[] challenge) {
        return new ServerProperty(Origin.create(relyingParty.origin()), relyingParty.id(), new DefaultChallenge(challenge));
    }
}
