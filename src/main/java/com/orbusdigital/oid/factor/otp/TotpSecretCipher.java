package com.orbusdigital.oid.factor.otp;

import com.orbusdigital.oid.config.Secret;
import com.orbusdigital.oid.key.PrivateKeyCipher;
import java.util.Optional;
import java.util.UUID;

/**
 * Seals authenticator-app secrets at rest with OID_KEY_ENCRYPTION_KEY when it is set (AES-256-GCM,
 * as the signing keys and server secrets are), naming the user's row as additional data: a sealed
 * secret copied into another user's row does not open there.
 */
final class TotpSecretCipher {

    private final PrivateKeyCipher cipher;

    TotpSecretCipher(Optional<Secret> encryptionKey) {
        this.cipher = new PrivateKeyCipher(encryptionKey);
    }

    /** The encryption new secrets are stored with (column {@code encryption}). */
    String scheme() {
        return cipher.scheme();
    }

    byte[] seal(UUID userId, byte[] secret) {
        return cipher.seal(row(userId), secret);
    }

    /**
     * @throws IllegalStateException when it cannot be opened: another user's row, another (or no) key
     */
    byte[] open(UUID userId, String encryption, byte[] stored) {
        return cipher.open(row(userId), encryption, stored);
    }

    private static String row(UUID userId) {
        return "totp:" + userId;
    }
}
