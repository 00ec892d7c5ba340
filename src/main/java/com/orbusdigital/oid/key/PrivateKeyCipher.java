package com.orbusdigital.oid.key;

import com.orbusdigital.oid.config.Secret;
import com.orbusdigital.oid.crypto.RandomValues;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the signing keys' private parts at rest with AES-256-GCM under OID_KEY_ENCRYPTION_KEY:
 * a copy of the table (a backup, a replica, a dump) then signs nothing. The stored value is
 * {@code IV (12 bytes) || ciphertext || tag}; the kid is the additional authenticated data, so a
 * sealed key cannot be moved to another row. Without the setting keys are stored as plain PKCS#8
 * ({@value #NONE}), as before.
 */
public final class PrivateKeyCipher {

    public static final String NONE = "none";
    public static final String AES_GCM = "aes-256-gcm";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Optional<SecretKeySpec> key;

    public PrivateKeyCipher(Optional<Secret> encryptionKey) {
        this.key = encryptionKey.map(secret -> new SecretKeySpec(Base64.getDecoder().decode(secret.reveal()), "AES"));
    }

    /** The encryption new keys are stored with. */
    public String scheme() {
        return key.isPresent() ? AES_GCM : NONE;
    }

    public byte[] seal(String kid, byte[] pkcs8) {
        if (key.isEmpty()) {
            return pkcs8.clone();
        }
        byte[] iv = RandomValues.bytes(IV_BYTES);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, kid, iv, pkcs8);
        return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
    }

    /**
     * @throws IllegalStateException when the key is sealed and no (or another) OID_KEY_ENCRYPTION_KEY is configured
     */
    public byte[] open(String kid, String scheme, byte[] stored) {
        if (scheme.equals(NONE)) {
            return stored.clone();
        }
        if (!scheme.equals(AES_GCM)) {
            throw new IllegalStateException("signing key " + kid + " is stored with an unknown encryption '" + scheme + "'");
        }
        if (key.isEmpty()) {
            throw new IllegalStateException("signing key " + kid + " is encrypted, but OID_KEY_ENCRYPTION_KEY is not set");
        }
        byte[] iv = new byte[IV_BYTES];
        System.arraycopy(stored, 0, iv, 0, IV_BYTES);
        byte[] sealed = new byte[stored.length - IV_BYTES];
        System.arraycopy(stored, IV_BYTES, sealed, 0, sealed.length);
        return crypt(Cipher.DECRYPT_MODE, kid, iv, sealed);
    }

    private byte[] crypt(int mode, String kid, byte[] iv, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key.orElseThrow(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (javax.crypto.AEADBadTagException wrongKey) {
            throw new IllegalStateException("signing key " + kid + " cannot be decrypted with this OID_KEY_ENCRYPTION_KEY");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        }
    }
}
