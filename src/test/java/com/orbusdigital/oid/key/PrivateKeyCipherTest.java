package com.orbusdigital.oid.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.orbusdigital.oid.config.Secret;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PrivateKeyCipherTest {

    private static final byte[] PKCS8 = "a PKCS#8 private key, as far as this test cares".getBytes();
    private static final PrivateKeyCipher SEALING = cipher(1);

    private static PrivateKeyCipher cipher(int fill) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) fill);
        return new PrivateKeyCipher(Optional.of(new Secret(Base64.getEncoder().encodeToString(key))));
    }

    @Test
    void aSealedKeyOpensWithTheSameKeyAndKidOnly() {
        byte[] sealed = SEALING.seal("kid-1", PKCS8);

        assertThat(SEALING.scheme()).isEqualTo("aes-256-gcm");
        assertThat(sealed).isNotEqualTo(PKCS8).hasSize(12 + PKCS8.length + 16);
        assertThat(SEALING.seal("kid-1", PKCS8)).as("a fresh IV each time").isNotEqualTo(sealed);
        assertThat(SEALING.open("kid-1", "aes-256-gcm", sealed)).isEqualTo(PKCS8);
        assertThatThrownBy(() -> SEALING.open("kid-2", "aes-256-gcm", sealed))
                .hasMessageContaining("cannot be decrypted with this OID_KEY_ENCRYPTION_KEY");
        assertThatThrownBy(() -> cipher(2).open("kid-1", "aes-256-gcm", sealed))
                .hasMessageContaining("cannot be decrypted with this OID_KEY_ENCRYPTION_KEY");
    }

    @Test
    void withoutAnEncryptionKeyKeysStayPlainAndSealedOnesAreRefusedClearly() {
        PrivateKeyCipher plain = new PrivateKeyCipher(Optional.empty());
        byte[] sealed = SEALING.seal("kid-1", PKCS8);

        assertThat(plain.scheme()).isEqualTo("none");
        assertThat(plain.seal("kid-1", PKCS8)).isEqualTo(PKCS8);
        assertThat(plain.open("kid-1", "none", PKCS8)).isEqualTo(PKCS8);
        assertThat(SEALING.open("kid-1", "none", PKCS8)).as("keys stored before the setting").isEqualTo(PKCS8);
        assertThatThrownBy(() -> plain.open("kid-1", "aes-256-gcm", sealed))
                .hasMessage("signing key kid-1 is encrypted, but OID_KEY_ENCRYPTION_KEY is not set");
    }
}
