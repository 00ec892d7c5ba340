package com.orbusdigital.oid.factor.passkey;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * The options OID's pages hand to {@code navigator.credentials.create} and {@code .get}, as JSON
 * (WebAuthn Level 3's {@code PublicKeyCredentialCreationOptionsJSON} and
 * {@code PublicKeyCredentialRequestOptionsJSON}: binary values in base64url), which
 * /assets/passkey.js turns into the browser's types.
 */
public final class PasskeyOptions {

    /** How long the browser waits for the person, in milliseconds (the pending sign-in lasts longer). */
    static final long TIMEOUT_MILLIS = 300_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    /** A credential of the user's, as options list it (to allow or to exclude). */
    public record Descriptor(byte[] credentialId, List<String> transports) {}

    private PasskeyOptions() {}

    /** The user handle of a user's passkeys: the 16 bytes of their id, never a name or an address. */
    public static byte[] userHandle(UUID userId) {
        return ByteBuffer.allocate(16).putLong(userId.getMostSignificantBits()).putLong(userId.getLeastSignificantBits()).array();
    }

    /**
     * For a new passkey: discoverable (so it can sign in without a username), user verification
     * preferred, no attestation, none of the user's existing credentials again.
     */
    public static String creation(PasskeyRelyingParty relyingParty, String rpName, byte[] challenge, UUID userId, String userName,
                                  String displayName, List<Descriptor> existing) {
        ObjectNode options = JSON.createObjectNode();
        options.putObject("rp").put("id", relyingParty.id()).put("name", rpName);
        options.putObject("user").put("id", BASE64URL.encodeToString(userHandle(userId))).put("name", userName)
                .put("displayName", displayName);
        options.put("challenge", BASE64URL.encodeToString(challenge));
        ArrayNode parameters = options.putArray("pubKeyCredParams");
        PasskeyVerifier.ALGORITHMS.forEach(alg -> parameters.addObject().put("type", "public-key").put("alg", alg.getValue()));
        options.put("timeout", TIMEOUT_MILLIS);
        descriptors(options.putArray("excludeCredentials"), existing);
        options.putObject("authenticatorSelection").put("residentKey", "required").put("requireResidentKey", true)
                .put("userVerification", "preferred");
        options.put("attestation", "none");
        return options.toString();
    }

    /**
     * For an assertion: by one of {@code allowed} (the user's passkeys, as a second factor) or, when
     * empty, by any passkey of this RP the browser has (signing in without a username).
     */
    public static String request(PasskeyRelyingParty relyingParty, byte[] challenge, List<Descriptor> allowed, boolean verifyUser) {
        ObjectNode options = JSON.createObjectNode();
        options.put("challenge", BASE64URL.encodeToString(challenge));
        options.put("rpId", relyingParty.id());
        options.put("timeout", TIMEOUT_MILLIS);
        descriptors(options.putArray("allowCredentials"), allowed);
        options.put("userVerification", verifyUser ? "required" : "preferred");
        return options.toString();
    }

    private static void descriptors(ArrayNode array, List<Descriptor> credentials) {
        for (Descriptor credential : credentials) {
            ObjectNode descriptor = array.addObject().put("type", "public-key").put("id", BASE64URL.encodeToString(credential.credentialId()));
            if (!credential.transports().isEmpty()) {
                ArrayNode transports = descriptor.putArray("transports");
                credential.transports().forEach(transports::add);
            }
        }
    }
}
