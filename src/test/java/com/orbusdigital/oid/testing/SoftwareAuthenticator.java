package com.orbusdigital.oid.testing;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * A WebAuthn authenticator in software, for tests and the load generator: one P-256 key (ES256),
 * its credential id, a signature counter; it answers registrations (attestation "none") and
 * assertions as a browser posts them, in the JSON of WebAuthn Level 3 (RegistrationResponseJSON,
 * AuthenticationResponseJSON). Its CBOR is written by hand, byte by byte as CTAP2 lays it out, so
 * that it checks OID's verifier rather than sharing its code.
 */
public final class SoftwareAuthenticator {

    public static final byte UP = 0x01;
    public static final byte UV = 0x04;
    public static final byte BE = 0x08;
    public static final byte BS = 0x10;
    private static final byte AT = 0x40;
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final KeyPair key;
    private final byte[] credentialId;
    private final UUID aaguid = UUID.fromString("00000000-0000-4000-8000-00000000a11c");
    private long counter;

    public SoftwareAuthenticator() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            this.key = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        this.credentialId = new byte[32];
        new java.security.SecureRandom().nextBytes(credentialId);
    }

    /** The authenticator of an earlier run: its key and credential id (see {@link #keyPair}). */
    public SoftwareAuthenticator(KeyPair key, byte[] credentialId) {
        this.key = key;
        this.credentialId = credentialId.clone();
    }

    /** Its key, for a later run to act as the same authenticator. */
    public KeyPair keyPair() {
        return key;
    }

    public byte[] credentialId() {
        return credentialId.clone();
    }

    public String credentialIdBase64url() {
        return BASE64URL.encodeToString(credentialId);
    }

    /** Sets the counter the next assertion increments (e.g. to replay an older value). */
    public void counter(long value) {
        this.counter = value;
    }

    public long counter() {
        return counter;
    }

    /** A registration response for {@code challenge} (base64url), signed by nobody (attestation none). */
    public String register(String rpId, String origin, String challenge, byte flags) {
        byte[] clientData = clientData("webauthn.create", challenge, origin);
        byte[] authData = concat(rpIdHash(rpId), new byte[] {(byte) (flags | AT)}, ByteBuffer.allocate(4).putInt((int) counter).array(),
                uuid(aaguid), ByteBuffer.allocate(2).putShort((short) credentialId.length).array(), credentialId, coseKey());
        ByteArrayOutputStream attestation = new ByteArrayOutputStream();
        attestation.writeBytes(new byte[] {(byte) 0xA3});
        text(attestation, "fmt");
        text(attestation, "none");
        text(attestation, "attStmt");
        attestation.writeBytes(new byte[] {(byte) 0xA0});
        text(attestation, "authData");
        attestation.writeBytes(new byte[] {0x59, (byte) (authData.length >> 8), (byte) authData.length});
        attestation.writeBytes(authData);
        return "{\"id\":\"" + credentialIdBase64url() + "\",\"rawId\":\"" + credentialIdBase64url() + "\",\"type\":\"public-key\","
                + "\"response\":{\"clientDataJSON\":\"" + BASE64URL.encodeToString(clientData) + "\",\"attestationObject\":\""
                + BASE64URL.encodeToString(attestation.toByteArray()) + "\",\"transports\":[\"internal\"]},\"clientExtensionResults\":{}}";
    }

    /** An assertion for {@code challenge} (base64url) with the next counter value, the user handle when given. */
    public String authenticate(String rpId, String origin, String challenge, byte flags, Optional<byte[]> userHandle) {
        counter++;
        return assertion(rpIdHash(rpId), clientData("webauthn.get", challenge, origin), flags, userHandle, Optional.empty());
    }

    /** The same with every part chosen: a wrong RP ID hash, client data of another kind, a signature by another key. */
    public String assertion(byte[] rpIdHash, byte[] clientData, byte flags, Optional<byte[]> userHandle, Optional<KeyPair> signer) {
        byte[] authData = concat(rpIdHash, new byte[] {flags}, ByteBuffer.allocate(4).putInt((int) counter).array());
        byte[] signature;
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initSign(signer.orElse(key).getPrivate());
            ecdsa.update(authData);
            ecdsa.update(MessageDigest.getInstance("SHA-256").digest(clientData));
            signature = ecdsa.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return "{\"id\":\"" + credentialIdBase64url() + "\",\"rawId\":\"" + credentialIdBase64url() + "\",\"type\":\"public-key\","
                + "\"response\":{\"clientDataJSON\":\"" + BASE64URL.encodeToString(clientData) + "\",\"authenticatorData\":\""
                + BASE64URL.encodeToString(authData) + "\",\"signature\":\"" + BASE64URL.encodeToString(signature) + "\""
                + userHandle.map(handle -> ",\"userHandle\":\"" + BASE64URL.encodeToString(handle) + "\"").orElse("")
                + "},\"clientExtensionResults\":{}}";
    }

    public static byte[] clientData(String type, String challenge, String origin) {
        return ("{\"type\":\"" + type + "\",\"challenge\":\"" + challenge + "\",\"origin\":\"" + origin + "\",\"crossOrigin\":false}")
                .getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] rpIdHash(String rpId) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(rpId.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair otherKey() {
        return new SoftwareAuthenticator().key;
    }

    /** The user handle OID gives a user's passkeys: their id's 16 bytes. */
    public static byte[] userHandle(UUID userId) {
        return uuid(userId);
    }

    /** COSE_Key of the public key: {1: 2 (EC2), 3: -7 (ES256), -1: 1 (P-256), -2: x, -3: y}. */
    private byte[] coseKey() {
        ECPublicKey publicKey = (ECPublicKey) key.getPublic();
        return concat(new byte[] {(byte) 0xA5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21, 0x58, 0x20},
                coordinate(publicKey.getW().getAffineX()), new byte[] {0x22, 0x58, 0x20}, coordinate(publicKey.getW().getAffineY()));
    }

    private static byte[] coordinate(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[32];
        int length = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - length, out, 32 - length, length);
        return out;
    }

    private static void text(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        out.write(0x60 | bytes.length);
        out.writeBytes(bytes);
    }

    private static byte[] uuid(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
