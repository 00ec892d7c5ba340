package com.orbusdigital.oid.factor.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.orbusdigital.oid.config.Secret;
import com.orbusdigital.oid.key.PrivateKeyCipher;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TotpSecretCipherTest {

    private static final byte[] SECRET = "12345678901234567890".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final UUID ADA = UUID.randomUUID();
    private static final UUID EVE = UUID.randomUUID();

    private static TotpSecretCipher sealing(byte fill) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, fill);
        return new TotpSecretCipher(Optional.of(new Secret(Base64.getEncoder().encodeToString(key))));
    }

    @Test
    void aSealedSecretOpensForItsOwnUser() {
        TotpSecretCipher cipher = sealing((byte) 7);
        byte[] sealed = cipher.seal(ADA, SECRET);

        assertThat(cipher.scheme()).isEqualTo(PrivateKeyCipher.AES_GCM);
        assertThat(sealed).isNotEqualTo(SECRET).hasSizeGreaterThan(SECRET.length);
        assertThat(cipher.open(ADA, PrivateKeyCipher.AES_GCM, sealed)).isEqualTo(SECRET);
    }

    @Test
    void aSealedSecretCopiedToAnotherUsersRowDoesNotOpen() {
        TotpSecretCipher cipher = sealing((byte) 7);
        byte[] sealed = cipher.seal(ADA, SECRET);

        assertThatThrownBy(() -> cipher.open(EVE, PrivateKeyCipher.AES_GCM, sealed)).isInstanceOf(IllegalStateException.class)
                .message().doesNotContain(new String(SECRET, java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void aSealedSecretDoesNotOpenUnderAnotherKey() {
        byte[] sealed = sealing((byte) 7).seal(ADA, SECRET);

        assertThatThrownBy(() -> sealing((byte) 8).open(ADA, PrivateKeyCipher.AES_GCM, sealed)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new TotpSecretCipher(Optional.empty()).open(ADA, PrivateKeyCipher.AES_GCM, sealed))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void withoutAKeySecretsAreStoredAsThemselves() {
        TotpSecretCipher plain = new TotpSecretCipher(Optional.empty());

        assertThat(plain.scheme()).isEqualTo(PrivateKeyCipher.NONE);
        assertThat(plain.seal(ADA, SECRET)).isEqualTo(SECRET);
        assertThat(plain.open(ADA, PrivateKeyCipher.NONE, SECRET)).isEqualTo(SECRET);
    }
}
